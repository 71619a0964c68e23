"""The checks that judge a plan as a whole, once the provider has marked its manual steps.

The safety threshold counts what acdplan would carry out itself (a step a person makes by hand
is not an automated mass change), the self-lockout guard protects the applying user's role, and
the project's policies (acdplan.yaml `policies:`) judge each change as plan JSON shows it.
"""

from __future__ import annotations

from acdplan import policies, sensitive
from acdplan.diagnostics import Location
from acdplan.model.documents import SECTION_OF_KIND
from acdplan.plan.changes import Plan
from acdplan.plan.lockout import lockout
from acdplan.plan.planner import PlanInputs
from acdplan.plan.safety import check_safety
from acdplan.plan.serialize import plan_to_dict


def guard(plan: Plan, inputs: PlanInputs) -> None:
    plan.diagnostics += check_safety(plan, lambda: len(inputs.state.resources), inputs.safety)
    if not inputs.safety.force and inputs.credential_user:  # no user known: nobody to lock out
        changes = {change.address: change for change in plan.changes}
        plan.diagnostics += lockout(changes, inputs.credential_user, bool(inputs.spec.skills),
                                    inputs.snapshot.objects.get("role", {}), inputs.sources)
    plan.diagnostics += judge_policies(plan, inputs)


def judge_policies(plan: Plan, inputs: PlanInputs) -> list:
    """The project's policies on the changes that act (unchanged objects are no change to judge),
    each seen as `plan --format json` writes it: sensitive values hidden."""
    in_force = policies.current_policies()
    if not in_force:
        return []
    denials = policies.judge(in_force, plan_to_dict(sensitive.redact_plan(plan)),
                             judged=lambda change: change["action"] != "noop" or bool(change.get("import")))

    def locate(change: dict) -> Location | None:  # the object in the specs, when it is there
        if change["after"] is None or inputs.sources is None:
            return None
        return inputs.sources.key((SECTION_OF_KIND.get(change["kind"], change["kind"]), change["name"]))

    return policies.diagnostics_for(denials, inputs.safety.force, locate)
