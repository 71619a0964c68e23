"""Stage 5, plan: the ordered, explained changes that take a tenant to its specs."""

from acdplan.plan.changes import Action, AttributeChange, Change, Plan
from acdplan.plan.planner import PlanInputs, make_plan, state_fingerprint
from acdplan.plan.safety import SafetyLimits

__all__ = ["Action", "AttributeChange", "Change", "Plan", "PlanInputs", "SafetyLimits", "make_plan", "state_fingerprint"]
