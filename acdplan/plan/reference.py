"""The plain planner, for tests only (never imported by the engine): `make_plan` without its fast paths.

`make_plan` tells unchanged kinds by comparing encoded texts whole, keeps unchanged objects as
`Unchanged` texts, skips the decision for objects equal to what acdplan left, and makes
documents lazily with compiled converters (bench/README.md, "Fast paths"). This planner does
none of that: every document is made by the plain converter (or the kind's own `document`) and
decoded, and every object of the specs goes through `_change`, the one place a change is
decided. tests/plan/test_reference_planner.py holds the two to the same plans on generated tenants.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from acdplan.model.documents import address, objects_of, renamed_from, split_address
from acdplan.model.kinds import MANAGED, REGISTRY, Kind, Removal
from acdplan.model.lifecycle import ignoring
from acdplan.model.plain_reference import reference_document
from acdplan.plan.changes import Action, Change, Plan
from acdplan.plan.lifecycle import forgotten, protected_destroys
from acdplan.plan.ordering import apply_order
from acdplan.plan.planner import (
    NOT_OURS,
    PlanInputs,
    _change,
    _keep_hand_made,
    _Ownership,
    _rebind_dependents,
    _unmanaged,
    ambiguous_names,
    state_fingerprint,
    tenant_reference_errors,
    without_omitted,
)
from acdplan.plan.reasons import Reason
from acdplan.validate import catalogue


def reference_document_of(kind: Kind, item: object) -> dict:
    """A kind's own `document` where it declares one (held to the generic one by tests/model), else the plain rule."""
    return kind.document(item) if kind.document is not None else reference_document(item)  # type: ignore[return-value]


def reference_plan(inputs: PlanInputs) -> Plan:
    spec, snapshot, state = inputs.spec, inputs.snapshot, inputs.state
    desired = {kind.name: {name: reference_document_of(kind, item) for name, item in objects_of(spec, kind).items()}
               for kind in MANAGED}
    plan = Plan(environment=inputs.environment, provider=inputs.provider,
                fingerprint_source=lambda: state_fingerprint(snapshot, state), state_serial=state.serial,
                state_lineage=state.lineage, spec_hash=inputs.spec_hash, plan_id=str(uuid.uuid4()),
                created_at=datetime.now(UTC).isoformat(timespec="seconds"))
    plan.diagnostics += tenant_reference_errors(desired, snapshot, inputs.sources)
    changes: dict[str, Change] = {}
    consumed: set[str] = set()
    ownership = _Ownership(state.pending, spec.imports, inputs.import_existing, snapshot.made_by_hand)
    ignored = {addr: rules.ignore_changes for addr, rules in spec.lifecycle.items() if rules.ignore_changes}
    renames = renamed_from(spec)
    for kind in MANAGED:
        if kind.name in snapshot.unreadable:
            continue
        read = snapshot.objects.get(kind.name, {})
        tenant = {name: read[name] for name in read}  # every document decoded
        for name, after in desired[kind.name].items():
            change_address = address(kind.name, name)
            fields = ignored.get(change_address)
            before = tenant.get(name)
            if before is not None and kind.unmanaged_when_omitted:
                before = without_omitted(kind, before, after)
            if fields and before is not None:
                after = ignoring(after, before, fields)
            old_name = renames.get(change_address) if before is None else None
            if old_name and old_name in tenant and old_name not in desired[kind.name]:
                consumed.add(address(kind.name, old_name))
                old = without_omitted(kind, tenant[old_name], after)
                changes[change_address] = _change(kind.name, name, old, ignoring(after, old, fields or ()),
                                                  state, snapshot, old_name, ownership, spec, fields)
            elif before is None and not kind.creatable:
                consumed.add(change_address)  # RQ001: it cannot be created
            else:
                changes[change_address] = _change(kind.name, name, before, after, state, snapshot, None,
                                                  ownership, spec, fields)
    for managed_address in sorted(set(state.resources) - set(changes) - consumed):
        kind_name, name = split_address(managed_address)
        declared = REGISTRY.get(kind_name)
        if declared is None or kind_name in snapshot.unreadable:
            continue
        before = snapshot.get(kind_name, name)
        if managed_address in spec.removed:
            changes[managed_address] = forgotten(managed_address, kind_name, name, before,
                                                 snapshot.ids.get(managed_address))
        elif declared.removal is Removal.NEVER:
            continue
        elif before is None:
            changes[managed_address] = Change(managed_address, kind_name, name, Action.NOOP, adopt=True,
                                              reason="gone from the tenant already: forget it",
                                              reason_code=Reason.FORGET_GONE)
        else:
            how = (f": deactivate ({declared.label}s are deactivated, not removed)"
                   if declared.removal is Removal.DEACTIVATE else "")
            change = changes[managed_address] = Change(
                managed_address, kind_name, name, Action.DELETE, before=before, reason="no longer in the specs" + how,
                tenant_id=snapshot.ids.get(managed_address), reason_code=Reason.DELETE_BECAUSE_NO_SPEC)
            if declared.open_lists:
                _keep_hand_made(change, declared, before, {}, state.applied_document(managed_address), ())
                if change.kept:
                    shown = ", ".join(f"{field}.{entry}" for field, entry in change.kept[:3])
                    more = f" and {len(change.kept) - 3} more" if len(change.kept) > 3 else ""
                    change.reason += f"; the {declared.label} stays in the tenant with what was made by hand ({shown}{more})"
    every = list(changes.values())
    if snapshot.ambiguous:
        plan.diagnostics += ambiguous_names(changes, snapshot, state, inputs.sources)
    _rebind_dependents(changes, every)
    if spec.lifecycle:
        plan.diagnostics += protected_destroys(every, spec.lifecycle, inputs.sources)
    plan.changes = apply_order(changes)
    plan.unmanaged = _unmanaged(snapshot, desired, consumed, state.resources)
    plan.diagnostics += [
        catalogue.diagnostic(catalogue.PV002, f"{REGISTRY[kind].label}s were not planned: the tenant could not "
                             f"be read for them ({reason}); grant the API user read access, or manage them by hand")
        for kind, reason in sorted(snapshot.unreadable.items()) if kind in REGISTRY
    ]
    plan.diagnostics += [
        catalogue.diagnostic(catalogue.IM001, f"{change.address} is in the tenant but acdplan does not manage it: "
                             f"list it under `import:` in the specs (or plan with --import-existing) to take it "
                             f"over, or give the spec's object another name", inputs.sources,
                             (REGISTRY[change.kind].section, change.name))
        for change in every if change.reason == NOT_OURS
    ]
    return plan


__all__ = ["reference_document_of", "reference_plan"]
