"""Stage 6, apply: execute a plan through a provider, with locking and a true record of each step."""

from acdplan.apply.executor import ApplyResult, StepReport, StepStatus, apply_plan
from acdplan.apply.staleness import StalePlan, check_fresh

__all__ = ["ApplyResult", "StalePlan", "StepReport", "StepStatus", "apply_plan", "check_fresh"]
