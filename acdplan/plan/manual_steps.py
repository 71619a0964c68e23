"""Manual steps across runs: asked for by apply, shown once as pending, confirmed by a person.

A step no public API can do (a skill's routing, a channel's SLA, a role's channel permissions)
is written to the state's `manual_steps` when apply reaches it, with the values the person must
enter. The next plan shows it as *pending* (its own count, never "changed outside acdplan")
while the specs still ask for those values; specs that ask for other values plan the step again.
`acdplan confirm` records it done: the values become what the state says the tenant holds,
which is what the provider compares the tenant with where no public route reads them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from acdplan import sensitive
from acdplan.plan.changes import Action, Change, Plan
from acdplan.plan.reasons import Reason
from acdplan.state.document import State, now

ABSENT = object()  # a field a new object does not have (Provider.unwritten)


def asked_values(change: Change) -> dict:
    """What the person is asked to set: the whole object for a creation, else the fields that
    differ, with their new values (a field the specs drop is asked as None: unset it)."""
    after = change.managed() or {}
    if change.action in (Action.CREATE, Action.REPLACE):
        return sensitive.redact_data(dict(after))
    before, target = change.before or {}, change.after or {}
    changed = sorted(key for key in set(before) | set(target) if before.get(key) != target.get(key))
    return sensitive.redact_data({key: after.get(key) for key in changed})


def drifted_beyond(applied: dict, tenant: dict, asked: dict) -> bool:
    """Whether the tenant differs from what acdplan recorded other than by the values a person
    was asked to set (`asked`, a manual_steps entry): only that is "changed outside acdplan"."""
    values = asked.get("values") or {}
    return any(tenant.get(field) != applied.get(field) and not (field in values and _toward(
        applied.get(field), tenant.get(field), values[field])) for field in set(applied) | set(tenant))


def _toward(recorded, held, asked) -> bool:
    """`held` is `asked`, or (a mapping) differs from `recorded` only where it holds what was asked."""
    if held == asked:
        return True
    if not isinstance(held, dict) or not isinstance(asked, dict):
        return False
    recorded = recorded if isinstance(recorded, dict) else {}
    return all(asked.get(key) == value for key, value in held.items() if recorded.get(key) != value)


def step_entry(action: str, values: dict, plan_id: str) -> dict:
    return {"action": action, "values": values, "plan": plan_id, "asked_at": now()}


def mark_pending(plan: Plan, state: State) -> None:
    """Flag the plan's manual steps a person was already asked for, with the same values."""
    asked = state.manual_steps
    if not asked:
        return
    for change in plan.changes:
        entry = asked.get(change.address)
        if entry is None or not change.manual or change.action is Action.NOOP:
            continue
        values = entry.get("values") or {}
        wanted = asked_values(change)  # what is left of it: the part a person did and the API reads is gone
        if entry.get("action") == change.action.value and all(
                field in values and values[field] == value for field, value in wanted.items()):
            change.pending = True
            change.reason = (f"a person was asked on {entry.get('asked_at', '?')} to do this by hand; "
                             f"once done, run `acdplan confirm {change.address}`")
            change.reason_code = Reason.MANUAL_STEP_PENDING


def no_longer_asked(plan: Plan, state: State) -> list[str]:
    """Pending steps of objects the plan no longer has (dropped from the specs). A targeted plan
    (--target) and kinds the plan has nothing of (unread this time) leave theirs alone."""
    if not state.manual_steps or plan.options.get("targets"):
        return []
    addresses = {change.address for change in plan.changes}
    kinds = {change.kind for change in plan.changes}
    return sorted(address for address in state.manual_steps
                  if address not in addresses and address.partition(".")[0] in kinds)


def left_to_person(change: Change, unwritten: Mapping[str, object], document: dict) -> tuple[dict, dict]:
    """After a step the API carried out: (the document to record, the values a person still
    has to set). A field the step does not write is recorded as the tenant held it before
    (a new object: the value it is created with), so the state never claims what nobody did."""
    if not unwritten or change.action not in (Action.CREATE, Action.UPDATE, Action.REPLACE):
        return document, {}
    before = change.before if change.action is Action.UPDATE else None
    recorded, asked = dict(document), {}
    for field, default in unwritten.items():
        held = (before.get(field, ABSENT) if before is not None else default)
        wanted = document.get(field, ABSENT)
        if wanted == held:
            continue
        asked[field] = None if wanted is ABSENT else wanted
        if held is ABSENT:
            recorded.pop(field, None)
        else:
            recorded[field] = held
    return recorded, asked


def actor() -> str:
    """Who confirms: ACDPLAN_ACTOR, else the CI's actor, else the OS user (user@host)."""
    from acdplan.state.backend import who

    for variable in ("ACDPLAN_ACTOR", "GITHUB_ACTOR", "GITLAB_USER_LOGIN", "BUILD_REQUESTEDFOR"):
        if os.environ.get(variable):
            return os.environ[variable]
    return who()


def confirmation_operations(state: State, addresses: list[str], by: str) -> list[dict]:
    """State operations that record these addresses' pending manual steps as done by `by`."""
    operations: list[dict] = []
    at = now()
    for address in addresses:
        entry = state.manual_steps[address]
        values = entry.get("values") or {}
        resource = state.resources.get(address) or {}
        if entry.get("action") in (Action.CREATE.value, Action.REPLACE.value):
            document = dict(values)
        else:
            document = dict(resource.get("document") or {})
            for field, value in values.items():
                if value is None:
                    document.pop(field, None)
                else:
                    document[field] = value
        operations += [
            {"op": "set", "path": ["resources", address],
             "value": {"id": resource.get("id"), "document": document, "applied_at": at}},
            {"op": "delete", "path": ["manual_steps", address]},
            {"op": "set", "path": ["confirmed", address],
             "value": {"by": by, "at": at, "values": values, "plan": entry.get("plan"),
                       "action": entry.get("action")}},
        ]
    return operations


__all__ = ["ABSENT", "actor", "asked_values", "confirmation_operations", "drifted_beyond", "left_to_person",
           "mark_pending", "no_longer_asked",
           "step_entry"]
