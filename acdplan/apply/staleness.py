"""A saved plan is applied only to the state it was made against, and only once."""

from __future__ import annotations

from acdplan.plan.changes import Plan
from acdplan.plan.planner import state_fingerprint
from acdplan.tenant import TenantSnapshot
from acdplan.state.store import State


class StalePlan(Exception):
    """The saved plan no longer describes what apply would do; make a new one."""


def check_fresh(plan: Plan, state: State, snapshot: TenantSnapshot, environment: str) -> None:
    if plan.environment != environment:
        raise StalePlan(f"the plan was made for environment {plan.environment!r}, not {environment!r}")
    applied_at = state.plan_applied(plan.plan_id)
    if applied_at:
        raise StalePlan(f"this plan was applied already (at {applied_at}); run acdplan plan again")
    if plan.state_lineage != state.lineage:
        raise StalePlan("stale plan: it was made against another state (lineage "
                        f"{plan.state_lineage} , now {state.lineage}); run acdplan plan again")
    if plan.state_serial != state.serial:
        raise StalePlan(f"stale plan: the state changed since the plan was made (serial {plan.state_serial}, "
                        f"now {state.serial}); run acdplan plan again")
    if plan.fingerprint() != state_fingerprint(snapshot, state):
        raise StalePlan("stale plan: the tenant changed since the plan was made (its fingerprint differs); "
                        "run acdplan plan again")
