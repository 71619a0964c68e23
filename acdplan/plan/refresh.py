"""A refresh-only plan (`plan --refresh-only`, `apply --refresh-only`), as Terraform's: what the
tenant changed since acdplan last applied, recorded in the state, with nothing proposed to the
tenant. Each change is a state-only NOOP: the applier records its `after` (the tenant's values),
or forgets an object the tenant no longer has.

Entries made by hand in open lists (an agent's voice skill) stay out of the state: recording them
as acdplan's would let a later plan remove them.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from acdplan.model.documents import split_address
from acdplan.model.kinds import REGISTRY
from acdplan.plan.attributes import attribute_changes
from acdplan.plan.changes import Action, Change, Plan
from acdplan.plan.planner import PlanInputs, state_fingerprint
from acdplan.plan.reasons import Reason
from acdplan.sensitive import mark_recorded, matches_applied


def refresh_plan(inputs: PlanInputs) -> Plan:
    snapshot, state = inputs.snapshot, inputs.state
    plan = Plan(environment=inputs.environment, provider=inputs.provider,
                fingerprint_source=lambda: state_fingerprint(snapshot, state), state_serial=state.serial,
                state_lineage=state.lineage, spec_hash=inputs.spec_hash, plan_id=str(uuid.uuid4()),
                created_at=datetime.now(UTC).isoformat(timespec="seconds"), options={"refresh_only": True})
    for managed_address in sorted(state.resources):
        kind_name, name = split_address(managed_address)
        declared = REGISTRY.get(kind_name)
        if declared is None or kind_name in snapshot.unreadable:
            continue
        applied = state.applied_document(managed_address)
        current = snapshot.get(kind_name, name)
        tenant_id = snapshot.ids.get(managed_address)
        if current is None:
            plan.changes.append(Change(managed_address, kind_name, name, Action.NOOP, before=applied, adopt=True,
                                       refresh=True, reason="gone from the tenant: the state forgets it",
                                       reason_code=Reason.REFRESH_GONE))
            continue
        recorded = _managed_part(declared.open_lists, current, applied or {})
        mark_recorded(applied, recorded)  # a value the state keeps as (sensitive) stays hidden, changed or not
        if applied is not None and (recorded == applied or matches_applied(applied, recorded)):
            plan.changes.append(Change(managed_address, kind_name, name, Action.NOOP, before=current, after=current,
                                       tenant_id=tenant_id))
            continue
        plan.changes.append(Change(managed_address, kind_name, name, Action.NOOP, before=applied, after=recorded,
                                   attributes=attribute_changes(applied or {}, recorded), adopt=True, drift=True,
                                   refresh=True, tenant_id=tenant_id,
                                   reason="changed outside acdplan: record the tenant's values in the state",
                                   reason_code=Reason.REFRESH_DRIFT))
    return plan


def _managed_part(open_lists: tuple[str, ...], current: dict, applied: dict) -> dict:
    """The tenant's document with its open lists cut to the entries acdplan made (applied holds them)."""
    if not open_lists:
        return current
    result = dict(current)
    for field_name in open_lists:
        value, made = current.get(field_name), applied.get(field_name) or ()
        if isinstance(value, dict):
            result[field_name] = {key: item for key, item in value.items() if key in made}
        elif isinstance(value, list):
            result[field_name] = [item for item in value if item in made]
    return result


__all__ = ["refresh_plan"]
