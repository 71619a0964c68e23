"""Where each step is done by hand in CXone, and the clicks, from each kind's declaration.

The paths and wording are declared by the kinds (`acdplan.model.kinds`, in the guide's words);
this module composes them for a change, so a plan can be printed as a click-by-click checklist.
"""

from __future__ import annotations

from acdplan.model.kinds import REGISTRY
from acdplan.model.kinds.labels import SOCIAL_LOGIN_TYPES, channel_type_label
from acdplan.plan.changes import Action, Change, Plan, ui_path


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
        steps.append(f"Rename {change.renamed_from!r} to {change.name!r}.")
    if change.action in (Action.CREATE, Action.REPLACE):
        steps += [f"Enter {path}: {_value(value)}." for path, value in _fields(change.after or {})]
    else:
        steps += [f"Set {attribute.path} to {_value(attribute.after)} (was {_value(attribute.before)})."
                  for attribute in change.attributes]
    return steps


def _fields(document: dict, prefix: str = "") -> list[tuple[str, object]]:
    """Every leaf of a document as (dotted path, value); lists stay whole."""
    found: list[tuple[str, object]] = []
    for key, value in document.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            found += _fields(value, path + ".")
        else:
            found.append((path, value))
    return found


def _value(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


__all__ = ["SOCIAL_LOGIN_TYPES", "annotate", "channel_type_label", "runbook_steps", "ui_path"]
