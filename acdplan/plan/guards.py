"""The checks that judge a plan as a whole, once the provider has marked its manual steps.

The safety threshold counts what acdplan would carry out itself (a step a person makes by hand
is not an automated mass change), and the self-lockout guard protects the applying user's role.
"""

from __future__ import annotations

from acdplan.plan.changes import Plan
from acdplan.plan.lockout import lockout
from acdplan.plan.planner import PlanInputs
from acdplan.plan.safety import check_safety


def guard(plan: Plan, inputs: PlanInputs) -> None:
    plan.diagnostics += check_safety(plan, len(inputs.state.resources), inputs.safety)
    if not inputs.safety.force and inputs.credential_user:  # no user known: nobody to lock out
        changes = {change.address: change for change in plan.changes}
        plan.diagnostics += lockout(changes, inputs.credential_user, bool(inputs.spec.skills),
                                    inputs.snapshot.objects.get("role", {}), inputs.sources)
