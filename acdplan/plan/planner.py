"""Stage 5, plan: desired model vs the tenant's current state -> ordered, explained changes.

Objects are matched by kind and key (`renamed_from` keeps identity across a rename). A change
of identity-bearing fields is a replacement (F4). Only objects in acdplan's state are deleted;
anything else the tenant has is reported as unmanaged and never touched.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

from acdplan.diagnostics import Diagnostic, Severity
from acdplan.load.positions import SourceMap
from acdplan.model import Spec
from acdplan.model.documents import (
    KINDS,
    SECTION_OF_KIND,
    TENANT_KEY,
    address,
    desired_documents,
    references,
    renamed_from,
    split_address,
)
from acdplan.plan.attributes import attribute_changes
from acdplan.plan.changes import Action, Change, Plan
from acdplan.plan.ordering import apply_order
from acdplan.plan.safety import SafetyLimits, check_safety
from acdplan.plan.ui_paths import ui_path
from acdplan.providers.base import Provider, TenantSnapshot
from acdplan.state.journal import canonical_json
from acdplan.state.store import State

# Fields whose change means the object must be deleted and created again (F4, F17).
REPLACE_FIELDS = {"channel": ("type", "account.id"), "skill": ("media", "direction")}
NEVER_DELETED = frozenset({"tenant", "routing_queue"})  # F14: queues are never deleted


@dataclass(slots=True)
class PlanInputs:
    spec: Spec
    sources: SourceMap
    snapshot: TenantSnapshot
    state: State
    environment: str
    provider: Provider
    spec_hash: str = ""
    safety: SafetyLimits = SafetyLimits()


def state_fingerprint(snapshot: TenantSnapshot, state: State) -> str:
    """What a saved plan was made against: the tenant as read, and acdplan's state."""
    digest = hashlib.sha256()
    digest.update(canonical_json({"objects": snapshot.objects, "ids": snapshot.ids}))
    digest.update(canonical_json({"lineage": state.lineage, "resources": state.resources}))
    return "sha256:" + digest.hexdigest()


def make_plan(inputs: PlanInputs) -> Plan:
    spec, snapshot, state = inputs.spec, inputs.snapshot, inputs.state
    desired = desired_documents(spec)
    renames = renamed_from(spec)
    plan = Plan(
        environment=inputs.environment,
        provider=inputs.provider.name,
        fingerprint_source=lambda: state_fingerprint(snapshot, state),
        state_serial=state.serial,
        state_lineage=state.lineage,
        spec_hash=inputs.spec_hash,
        plan_id=str(uuid.uuid4()),
        created_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
    )
    plan.diagnostics += tenant_reference_errors(spec, snapshot, inputs.sources)
    unreadable = getattr(snapshot, "unreadable", {})  # PV001: kinds left alone, with a warning (issue 9)
    plan.diagnostics += [Diagnostic("PV001", Severity.WARNING, f"{kind}s are not planned: {why}")
                         for kind, why in sorted(unreadable.items())]
    changes: dict[str, Change] = {}
    consumed: set[str] = set()  # tenant addresses matched by a desired object
    for kind in KINDS:
        if kind in unreadable:
            continue
        current_objects = snapshot.objects.get(kind, {})
        for name, after in desired.get(kind, {}).items():
            change_address = address(kind, name)
            before = current_objects.get(name)
            old_name = renames.get(change_address)
            if before is None and old_name and old_name in current_objects and old_name not in desired.get(kind, {}):
                before = current_objects[old_name]
                consumed.add(address(kind, old_name))
                changes[change_address] = _change(kind, name, before, after, state, snapshot, old_name)
                continue
            consumed.add(change_address)
            if before is None and kind == "routing_queue":
                continue  # RQ001 already reported: a queue cannot be created
            changes[change_address] = _change(kind, name, before, after, state, snapshot, None)
    for managed_address in sorted(state.resources):
        if managed_address in consumed or managed_address in changes:
            continue
        kind, name = split_address(managed_address)
        if kind in NEVER_DELETED or kind in unreadable:
            continue
        before = snapshot.get(kind, name)
        if before is None:
            changes[managed_address] = Change(managed_address, kind, name, Action.NOOP, adopt=True,
                                              reason="gone from the tenant already: forget it")
        else:
            changes[managed_address] = Change(
                managed_address, kind, name, Action.DELETE, before=before,
                reason="no longer in the specs" + (": deactivate (ACD skills are deactivated, not removed)"
                                                   if kind == "skill" else ""),
                tenant_id=snapshot.ids.get(managed_address))
    for change in changes.values():
        change.ui_path = ui_path(change)
        if change.acts:  # the provider's hook: any acting change may need a person (issue 9)
            reason = inputs.provider.manual_reason(change, snapshot)
            if reason:
                change.manual, change.manual_reason = True, reason
    plan.changes = apply_order(changes)
    plan.unmanaged = sorted(
        address(kind, name)
        for kind in KINDS
        for name in snapshot.objects.get(kind, {})
        if address(kind, name) not in consumed and address(kind, name) not in state.resources
    )
    plan.diagnostics += check_safety(plan, len(state.resources), inputs.safety)
    return plan


def _change(kind: str, name: str, before: dict | None, after: dict, state: State,
            snapshot: TenantSnapshot, old_name: str | None) -> Change:
    change_address = address(kind, name)
    source_address = address(kind, old_name) if old_name else change_address
    applied = state.applied_document(source_address)
    change = Change(change_address, kind, name, Action.NOOP, before=before, after=after,
                    renamed_from=old_name, tenant_id=snapshot.ids.get(source_address))
    if before is None:
        change.action = Action.CREATE
        change.reason = "not in the tenant"
    else:
        drifted = change.drift = applied is not None and applied != before
        if before == after and not old_name:
            change.adopt = applied is None or drifted
            change.reason = ("in the tenant but not yet in acdplan's state: record it" if applied is None
                             else "changed outside acdplan to what the specs say: record it" if drifted else "")
        else:
            _differs(change, kind, before, after, old_name, drifted)
    if change.acts:  # what the applier waits for; an unchanged object waits for nothing
        change.depends_on = references(kind, after)
    return change


def _differs(change: Change, kind: str, before: dict, after: dict, old_name: str | None, drifted: bool) -> None:
    change.attributes = attribute_changes(before, after)
    replaced = [field for field in REPLACE_FIELDS.get(kind, ()) if _get(before, field) != _get(after, field)]
    if replaced:
        change.action = Action.REPLACE
        change.reason = f"{', '.join(replaced)} changed: must be deleted and created again"
    else:
        change.action = Action.UPDATE
        change.reason = f"renamed from {old_name!r}" if old_name else "differs from the specs"
    if drifted:
        change.reason += " (changed outside acdplan since the last apply)"


def _get(document: dict, dotted: str):
    value = document
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def tenant_reference_errors(spec: Spec, snapshot: TenantSnapshot, sources: SourceMap) -> list[Diagnostic]:
    """Plan-time checks that need the tenant: RQ001, and campaigns/scripts the tenant lacks (RF001)."""
    diagnostics = []

    def report(rule: str, path: tuple, message: str, fact: str | None) -> None:
        location = sources.locate(path, prefer_value=rule == "RF001")
        diagnostics.append(Diagnostic(rule, Severity.ERROR, message, location.file if location else None,
                                      location.line if location else None, location.column if location else None,
                                      path, fact))

    queues = snapshot.objects.get("routing_queue", {})
    for name in spec.routing_queues:
        if name not in queues:
            report("RQ001", (SECTION_OF_KIND["routing_queue"], name),
                   f"routing queue {name!r} does not exist in the tenant, and new routing queues cannot be created: "
                   f"remove it and route with an ACD digital skill and a Studio script", "F14")
    if snapshot.campaigns is not None:
        for skill in spec.skills.values():
            if skill.campaign and skill.campaign not in snapshot.campaigns:
                report("RF001", ("skills", skill.name, "campaign"),
                       f"skill {skill.name!r}: campaign {skill.campaign!r} does not exist in the tenant; create it "
                       f"in ACD first or name an existing campaign", "F18")
    if snapshot.scripts is not None:
        for channel in spec.channels.values():
            if channel.default_script and channel.default_script not in snapshot.scripts:
                report("RF001", ("channels", channel.name, "default_script"),
                       f"channel {channel.name!r}: Studio script {channel.default_script!r} does not exist in the "
                       f"tenant; publish it in Studio first or name an existing script", "F3")
    return diagnostics


__all__ = ["PlanInputs", "TENANT_KEY", "make_plan", "state_fingerprint"]
