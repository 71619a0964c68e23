"""Stage 3, validate: loaded spec -> diagnostics (schema first, then domain rules) and the model."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from acdplan.diagnostic_caps import cap_per_file
from acdplan.diagnostics import Diagnostic, fails, sort_diagnostics
from acdplan.load import LoadedSpec, load_spec_folder
from acdplan.model import Spec, build_spec
from acdplan.validate import suppressions
from acdplan.validate.catalogue import diagnostic
from acdplan.validate.rules import RuleContext, domain_rules
from acdplan.validate.schema_check import check_schema


@dataclass(slots=True)
class ValidationResult:
    loaded: LoadedSpec
    diagnostics: list[Diagnostic] = field(default_factory=list)
    spec: Spec | None = None  # the model, when the document was sound enough to build one

    def fails(self, strict: bool = False) -> bool:
        return fails(self.diagnostics, strict)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]


def validate_loaded(loaded: LoadedSpec, reuse: dict | None = None) -> ValidationResult:
    """Schema-check the merged document; when it is sound, build the model and run every rule
    (`reuse`: model objects kept from an earlier validation, see build_spec)."""
    diagnostics = list(loaded.diagnostics)
    diagnostics += check_schema(loaded.data, loaded.sources, files_valid=loaded.files_schema_valid)
    result = ValidationResult(loaded)
    if not any(d.is_error for d in diagnostics):
        result.spec = build_spec(loaded.data, reuse)
        diagnostics += run_rules(result.spec, loaded)
    result.diagnostics = cap_per_file(sort_diagnostics(suppressions.apply(diagnostics)))  # acdplan.yaml `rules:`, inline ignores
    return result


def run_rules(spec: Spec, loaded: LoadedSpec) -> list[Diagnostic]:
    context = RuleContext(spec, loaded.data)
    diagnostics = []
    for domain_rule in domain_rules():
        info = domain_rule.info
        for finding in domain_rule.check(context):
            diagnostics.append(diagnostic(info.id, finding.message, loaded.sources, tuple(finding.path),
                                          prefer_value=finding.prefer_value))
    return diagnostics


def validate_path(path: str | os.PathLike, variables: dict | None = None,
                  allow_symlinks_outside: bool = False) -> ValidationResult:
    return validate_loaded(load_spec_folder(path, variables, allow_symlinks_outside=allow_symlinks_outside))
