"""Where each step is done by hand in CXone, and the clicks, from each kind's declaration.

The paths and wording are declared by the kinds (`acdplan.model.kinds`, in the guide's words);
this module composes them for a change, so a plan can be printed as a click-by-click checklist.
"""

from __future__ import annotations

from acdplan.model.kinds import REGISTRY
from acdplan.model.kinds.labels import SOCIAL_LOGIN_TYPES, channel_type_label
from acdplan.plan.changes import Change, Plan, ui_path
from acdplan.report.runbook_values import field_lines


def annotate(plan: Plan) -> None:
    """Give every change that does something its UI path (shown by the renderers, kept in saved
    plans). An unchanged object's path is only written out by `plan --format json`, which makes
    it then (acdplan/plan/serialize.py): a no-op plan of a large tenant does not make 20,000."""
    for change in plan.changes:
        if change.acts:
            change.ui_path = ui_path(change)


def runbook_steps(change: Change) -> list[str]:
    """The clicks for one change, in the guide's order, then every value a person must enter or
    check: a reviewer can follow it without the specs."""
    declared = REGISTRY.get(change.kind)
    document = change.after or change.before or {}
    steps = []
    if declared is not None and declared.hand.steps is not None:
        steps = declared.hand.steps(change.action.value, change.name, document)
    steps = steps or [f"Open {ui_path(change)}."]
    if change.renamed_from:
        steps.append(f"Rename '{change.renamed_from}' to '{change.name}'.")
    return steps + field_lines(change)  # in the screens' words and units (acdplan/report/runbook_values.py)


__all__ = ["SOCIAL_LOGIN_TYPES", "annotate", "channel_type_label", "runbook_steps", "ui_path"]
