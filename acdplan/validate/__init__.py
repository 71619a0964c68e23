"""Stage 3, validate: JSON Schema first, then the domain rules of the vendor's guide."""

from acdplan.validate.engine import ValidationResult, run_rules, validate_loaded, validate_path

__all__ = ["ValidationResult", "run_rules", "validate_loaded", "validate_path"]
