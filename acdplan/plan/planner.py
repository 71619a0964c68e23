"""Stage 5, plan: desired model vs the tenant's current state -> ordered, explained changes.

Objects are matched by kind and key (`renamed_from` keeps identity across a rename). A change
of a field the kind declares identity-bearing is a replacement (F4). Only objects in acdplan's
state are deleted; anything else the tenant has is reported as unmanaged and never touched.
Everything that differs by kind comes from the kind's declaration (`acdplan.model.kinds`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import repeat
from typing import cast

from acdplan.diagnostics import Diagnostic, Locator
from acdplan.encoded import Encoded, EncodedDocuments
from acdplan.model.documents import (
    address,
    desired_views,
    document_of,
    objects_of,
    references,
    renamed_from,
    split_address,
    text_of,
)
from acdplan.model.kinds import MANAGED, REGISTRY, Kind, Removal
from acdplan.model.lifecycle import ignoring
from acdplan.model.objects import Spec
from acdplan.plan.attributes import attribute_changes
from acdplan.plan.changes import Action, Change, Plan, Unchanged, without_entries
from acdplan.plan.lifecycle import forgotten, protected_destroys
from acdplan.plan.manual_steps import drifted_beyond
from acdplan.plan.ordering import apply_order
from acdplan.plan.reasons import Reason
from acdplan.plan.safety import SafetyLimits
from acdplan.plan.told_by_digest import DigestCheck, tell_by_digest
from acdplan.sensitive import mark_recorded, matches_applied  # a recorded (sensitive) matches what the tenant holds
from acdplan.state.journal import canonical_json
from acdplan.state.store import State
from acdplan.tenant import TenantSnapshot
from acdplan.validate import catalogue


@dataclass(slots=True)
class PlanInputs:
    spec: Spec
    sources: Locator  # where each spec path was written (a SourceMap or LazySourceMap)
    snapshot: TenantSnapshot
    state: State
    environment: str
    provider: str  # the provider's name, recorded in the plan
    spec_hash: str = ""
    safety: SafetyLimits = field(default_factory=SafetyLimits)
    import_existing: bool = False  # --import-existing: adopt every tenant object that has a spec's name
    credential_user: str | None = None  # the user the provider applies as, for the self-lockout guard


def state_fingerprint(snapshot: TenantSnapshot, state: State) -> str:
    """What a saved plan was made against: the tenant as read, and acdplan's state."""
    digest = hashlib.sha256()
    digest.update(canonical_json({"objects": snapshot.objects, "ids": snapshot.ids}))
    digest.update(canonical_json({"lineage": state.lineage, "resources": state.resources}))
    return "sha256:" + digest.hexdigest()


def make_plan(inputs: PlanInputs) -> Plan:
    """Fast paths (bench/README.md, "Fast paths"); held to acdplan/plan/reference.py by tests."""
    spec, snapshot, state = inputs.spec, inputs.snapshot, inputs.state
    desired = desired_views(spec)  # each document made as the loop reaches it
    renames: dict[str, str] | None = None  # found when an object is missing from the tenant (never, in a no-op)
    plan = Plan(
        environment=inputs.environment,
        provider=inputs.provider,
        fingerprint_source=lambda: state_fingerprint(snapshot, state),
        state_serial=state.serial,
        state_lineage=state.lineage,
        spec_hash=inputs.spec_hash,
        plan_id=str(uuid.uuid4()),
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    digest_check = tell_by_digest(inputs.spec_hash, snapshot, state)  # kinds unchanged as a whole
    told_whole = digest_check.told
    plan.diagnostics += tenant_reference_errors(desired, snapshot, inputs.sources, told_whole)
    changes: dict[str, Change] = {}
    consumed: set[str] = set()  # tenant addresses matched otherwise than by their own name (renames, RQ001)
    ownership = _Ownership(state.pending, spec.imports, inputs.import_existing, snapshot.made_by_hand)
    resources = state.resources
    applied_texts: Mapping[str, Encoded] | None = None  # read when a kind is not told by its digest
    ignored = {addr: rules.ignore_changes for addr, rules in spec.lifecycle.items() if rules.ignore_changes}
    whole: dict[str, list[Change]] = {}  # kind -> its changes by name, each object told unchanged by the kind's digest
    for kind in MANAGED:
        if kind.name in snapshot.unreadable:
            continue  # nothing is known of it: planning it would guess (a warning says so)
        current_objects = snapshot.objects.get(kind.name, {})
        objects = objects_of(spec, kind)
        kind_name, prefix = kind.name, kind.name + "."
        if kind_name in told_whole:  # each keeps the tenant's kind, read from it if ever asked
            names = sorted(objects)
            whole[kind_name] = list(map(Unchanged.kept_as, [prefix + name for name in names], repeat(kind_name),
                                        names, repeat(cast(EncodedDocuments, current_objects))))
            continue
        if applied_texts is None:
            applied_texts = state.applied_texts or {}
        texts = current_objects.texts if isinstance(current_objects, EncodedDocuments) and applied_texts else None
        as_left: dict[str, Encoded] = {}  # name -> the text of a document as acdplan left it, the specs' too
        if texts is not None:
            told = _told_by_text(kind, objects, texts, applied_texts, changes, digest_check)
            if told is None:
                continue  # the whole kind is unchanged: its changes are made
            as_left = told
        convert = document_of(kind)
        for name, item in objects.items():
            change_address = prefix + name  # address(kind_name, name)
            text = as_left.get(name)
            if text is not None:  # unchanged and as acdplan left it, told by the text (see _unchanged_kind)
                changes[change_address] = Unchanged.kept_as(change_address, kind_name, name, text)
                continue
            after = convert(item)
            before = current_objects.get(name)
            if before is not None and kind.unmanaged_when_omitted:
                before = without_omitted(kind, before, after)
            fields = ignored.get(change_address) if ignored else None
            if fields and before is not None:
                after = ignoring(after, before, fields)
            if before is None:
                renames = renamed_from(spec) if renames is None else renames
                old_name = renames.get(change_address)
                if old_name and old_name in current_objects and old_name not in objects:
                    consumed.add(address(kind.name, old_name))
                    old = without_omitted(kind, current_objects[old_name], after)
                    changes[change_address] = _change(kind.name, name, old, ignoring(after, old, fields or ()),
                                                      state, snapshot, old_name, ownership, spec, fields)
                    continue
                if not kind.creatable:
                    consumed.add(change_address)
                    continue  # RQ001 already reported: it cannot be created
            elif before == after and state.applied_document(change_address) == before:
                # Unchanged, and as acdplan left it: what _change would conclude, without its
                # questions. The tenant's equal document is kept; no step runs, so no tenant
                # id is looked up.
                changes[change_address] = Change(change_address, kind.name, name, Action.NOOP, before, before)
                continue
            changes[change_address] = _change(kind.name, name, before, after, state, snapshot, None, ownership, spec,
                                              fields)
    digest_check.keep()
    covered = digest_check.covers_the_state()  # every kind the state has is told unchanged: nothing is gone
    if not covered:
        _join(changes, whole)  # what the state has beyond the specs is found among every change
    gone = () if covered or resources.keys() <= changes.keys() else sorted(resources.keys() - changes.keys() - consumed)
    removed = frozenset(spec.removed)
    for managed_address in gone:  # what the state has and the specs do not (set operations, in C)
        kind_name, name = split_address(managed_address)
        declared = REGISTRY.get(kind_name)
        if declared is None or kind_name in snapshot.unreadable:
            continue
        before = snapshot.get(kind_name, name)
        if managed_address in removed:  # `removed:`: stop managing it, the tenant keeps it
            changes[managed_address] = forgotten(managed_address, kind_name, name, before,
                                                 snapshot.ids.get(managed_address))
            continue
        if declared.removal is Removal.NEVER:
            continue
        if before is None:
            changes[managed_address] = Change(managed_address, kind_name, name, Action.NOOP, adopt=True,
                                              reason="gone from the tenant already: forget it",
                                              reason_code=Reason.FORGET_GONE)
        else:
            how = (f": deactivate ({declared.label}s are deactivated, not removed)"
                   if declared.removal is Removal.DEACTIVATE else "")
            change = changes[managed_address] = Change(
                managed_address, kind_name, name, Action.DELETE, before=before, reason="no longer in the specs" + how,
                tenant_id=snapshot.ids.get(managed_address), reason_code=Reason.DELETE_BECAUSE_NO_SPEC)
            if declared.open_lists:  # what a person added stays: only what acdplan made goes (issue 20)
                _keep_hand_made(change, declared, before, {}, state.applied_document(managed_address), ())
                if change.kept:
                    shown = ", ".join(f"{field}.{entry}" for field, entry in change.kept[:3])
                    more = f" and {len(change.kept) - 3} more" if len(change.kept) > 3 else ""
                    change.reason += f"; the {declared.label} stays in the tenant with what was made by hand ({shown}{more})"
    decided = [change for change in changes.values() if change.__class__ is not Unchanged]  # a few, in a no-op
    if decided or snapshot.ambiguous:
        _join(changes, whole)  # a change may concern any other (rebinds, IM002): they see every change
    if snapshot.ambiguous:
        plan.diagnostics += ambiguous_names(changes, snapshot, state, inputs.sources)
    _rebind_dependents(changes, decided)
    if spec.lifecycle:
        plan.diagnostics += protected_destroys(decided, spec.lifecycle, inputs.sources)
    plan.changes = apply_order(changes, whole)
    plan.unmanaged = _unmanaged(snapshot, desired, consumed, resources, told_whole)
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
        for change in decided if change.reason == NOT_OURS
    ]
    return plan  # the guards (acdplan.plan.guards) judge it once the provider has marked its manual steps


def _join(changes: dict[str, Change], whole: dict[str, list[Change]]) -> None:
    """The changes of the kinds told unchanged by their digests, put with the others."""
    for kind_changes in whole.values():
        changes.update((change.address, change) for change in kind_changes)
    whole.clear()


def _told_by_text(kind: Kind, objects: dict, texts: dict[str, Encoded], applied_texts: Mapping[str, Encoded],
                  changes: dict[str, Change], digest_check: DigestCheck) -> dict[str, Encoded] | None:
    """The kind's objects that are unchanged and as acdplan left it, told by text alone: the
    specs' document, the tenant's and the one the state recorded have the same canonical JSON
    text (equal text is an equal document: acdplan/encoded.py).

    When that is every object of the kind (most of a large tenant's no-op plan), the lists of
    texts are compared whole, in C, the kind's changes are added to `changes`, each keeping the
    tenant's text and decoding nothing, and the answer is None. Otherwise it is name -> the
    tenant's text of those objects, for the object-by-object comparison of the others."""
    names = list(objects)
    tenant = list(map(texts.get, names))
    desired = list(map(text_of(kind), objects.values()))
    if digest_check.made is not None:  # the specs' digests were not kept: made now, for the next plan
        digest_check.remember(kind.name, dict(zip(names, desired, strict=True)))
    prefix = kind.name + "."
    if desired != tenant:
        return {name: text for name, text, wanted in zip(names, tenant, desired, strict=True)
                if text is not None and text == wanted and text == applied_texts.get(prefix + name)}
    del desired  # a kind's worth of encoded documents: gone before the changes are made
    if texts.keys() == objects.keys():  # go on in the tenant's order: sorted, as acdplan writes it,
        names, tenant = list(texts), list(texts.values())  # so the state is read in its own order
    addresses = [prefix + name for name in names]  # and the plan's order (by name) needs no sorting
    applied = list(map(applied_texts.get, addresses))
    if applied != tenant:
        return {name: text for name, text, left in zip(names, tenant, applied, strict=True)
                if text is not None and text == left}
    kept = cast(list[Encoded], tenant)  # equal to the encoded documents: no None among them
    changes.update(zip(addresses, map(Unchanged.kept_as, addresses, repeat(kind.name), names, kept), strict=True))
    return None


def _unmanaged(snapshot: TenantSnapshot, desired: dict, consumed: set[str], resources: Mapping[str, dict],
               told_whole: frozenset[str] = frozenset()) -> list[str]:
    """Addresses of what the tenant has and acdplan neither plans nor manages (never touched).
    Names the specs declare are set aside by kind first: only the rest needs an address. A kind
    told unchanged by its digest has exactly the specs' names."""
    unmanaged = []
    for kind in MANAGED:
        if kind.name in told_whole:
            continue
        current_objects = snapshot.objects.get(kind.name, {})
        declared_names = desired.get(kind.name, {}).keys() if kind.name not in snapshot.unreadable else set()
        if current_objects.keys() == declared_names:
            continue  # the tenant has exactly what the specs declare (compared in C, no set made)
        for name in current_objects.keys() - declared_names:
            object_address = address(kind.name, name)
            if object_address not in consumed and object_address not in resources:
                unmanaged.append(object_address)
    return sorted(unmanaged)


def _exclusive(spec: Spec, kind: Kind, name: str) -> tuple[str, ...]:
    if not kind.open_lists:
        return ()
    return getattr(spec.of(kind.name).get(name), "exclusive", ())


def _rebind_dependents(changes: dict[str, Change], decided: list[Change]) -> None:
    """A replaced object is a new object in the tenant: whatever was bound to the old one (role
    permissions on a channel, agents' skills, channel defaults, queue filters) is bound again to
    the new one in the same apply, as part of the replace (docs/DOMAIN.md)."""
    replaced = {change.address for change in decided if change.action is Action.REPLACE}  # never an Unchanged
    if not replaced:
        return
    for change in changes.values():
        if change.after is None or change.action in (Action.DELETE, Action.REPLACE):
            continue
        bound = [addr for addr in references(change.kind, change.after) if addr in replaced]
        if not bound:
            continue
        for addr in bound:
            changes[addr].rebinds = [*changes[addr].rebinds, change.address]
        if change.action is Action.NOOP and change.reason != NOT_OURS:
            change.action = Action.UPDATE
            change.reason = f"bound to {', '.join(bound)}, which is replaced: bind it again to the new one"
            change.reason_code = Reason.UPDATE_REBIND
        change.depends_on = sorted(set(change.depends_on) | set(bound))


@dataclass(slots=True)
class _Ownership:
    """What the plan may take over: objects an interrupted apply created (state.pending), and
    those the specs (`import:`) or the command (`--import-existing`) adopt."""

    pending: dict[str, str]
    imports: frozenset[str]
    import_existing: bool
    made_by_hand: frozenset[str] = frozenset()  # TenantSnapshot.made_by_hand

    def adopts(self, kind: Kind, change_address: str) -> str | None:
        """Why the plan may take this tenant object over, or None when it must not."""
        if change_address in self.pending:
            return "an earlier apply set out to create it (a manual step, or a create it could not record)"
        if kind.singleton is not None or not kind.creatable:
            return "declared in the specs (it cannot be created, only taken over)"
        if kind.name in self.made_by_hand:
            return "declared in the specs (a person makes it: no public API creates it)"
        if change_address in self.imports:
            return "listed under import: in the specs"
        if self.import_existing:
            return "adopted with --import-existing"
        return None


def _change(kind: str, name: str, before: dict | None, after: dict, state: State,
            snapshot: TenantSnapshot, old_name: str | None, ownership: _Ownership, spec: Spec,
            ignored: tuple[str, ...] | None = None) -> Change:
    change_address = address(kind, name)
    source_address = address(kind, old_name) if old_name else change_address
    applied = state.applied_document(source_address)
    if applied is not None and REGISTRY[kind].unmanaged_when_omitted:
        applied = without_omitted(REGISTRY[kind], applied, after)
    if ignored and applied is not None and before is not None:
        applied = ignoring(applied, before, ignored)  # the tenant changing an ignored field is no drift
    change = Change(change_address, kind, name, Action.NOOP, before=before, after=after,
                    renamed_from=old_name, tenant_id=snapshot.ids.get(source_address))
    declared = REGISTRY[kind]
    if before is None:
        change.action = Action.CREATE
        change.reason = "not in the tenant"
        change.reason_code = Reason.CREATE_ABSENT
    else:
        adopted = None
        if applied is None and not old_name:
            adopted = ownership.adopts(declared, change_address)
            if adopted is None:
                change.reason, change.reason_code = NOT_OURS, Reason.NOT_MANAGED
                return change  # refused below with IM001: acdplan does not touch what it does not manage
        if before != after and declared.open_lists:
            after = change.after = _keep_hand_made(change, declared, before, after, applied,
                                                   _exclusive(spec, declared, name))
        managed_before = without_entries(before, change.kept) if change.kept else before
        drifted = change.drift = (applied is not None and applied != managed_before
                                  and not matches_applied(applied, managed_before))
        if drifted:
            mark_recorded(applied, managed_before)  # a (sensitive) the tenant changed stays hidden
        asked = state.manual_steps.get(source_address) if drifted else None
        if asked is not None and not drifted_beyond(applied or {}, managed_before, asked):
            drifted = change.drift = False  # what differs is what a person was asked to set: a step done
        change.adopt = adopted is not None
        if before == after and not old_name:
            done_by_hand = asked is not None and not drifted
            change.adopt = change.adopt or drifted or done_by_hand
            change.reason = (f"in the tenant, not yet in acdplan's state: import it ({adopted})" if adopted
                             else "changed outside acdplan to what the specs say: record it" if drifted
                             else "the manual step asked for is done: record it" if done_by_hand else "")
            change.reason_code = (Reason.IMPORT if adopted else Reason.RECORD_DRIFT if drifted
                                  else Reason.RECORD_MANUAL_STEP_DONE if done_by_hand else Reason.NONE)
            if not change.adopt:  # nothing to do: keep the tenant's equal document, let the desired copy go
                change.after = before
        else:
            _differs(change, kind, before, after, old_name, drifted)
            if adopted:
                change.reason = f"import ({adopted}), then {change.reason}"
    if change.acts:  # what the applier waits for; an unchanged object waits for nothing
        change.depends_on = [address(target, name) for _, target, name in declared.references(after)]
    return change


NOT_OURS = "in the tenant, not managed by acdplan"
AMBIGUOUS = "the tenant has several objects with this name: acdplan does not choose one"


def ambiguous_names(changes: dict[str, Change], snapshot: TenantSnapshot, state: State,
                    sources: Locator) -> list[Diagnostic]:
    """IM002 for each object of the plan whose name the tenant gives to several objects (issue 20):
    taking one over, changing or deleting it would be a silent choice. Only the id acdplan's state
    recorded decides; otherwise the change does nothing and the error lists every id."""
    diagnostics = []
    for change_address, ids in sorted(snapshot.ambiguous.items()):
        change = changes.get(change_address)
        if change is None:
            continue  # neither in the specs nor in the state: unmanaged, never touched
        recorded = (state.resources.get(change_address) or {}).get("id")
        if recorded is not None and str(recorded) == snapshot.ids.get(change_address):
            continue  # acdplan's own object was read: the other one is someone else's, left alone
        declared = REGISTRY[change.kind]
        ours = f"; acdplan's state records id {recorded}" if recorded is not None else ""
        diagnostics.append(catalogue.diagnostic(
            catalogue.IM002, f"{change_address}: the tenant has {len(ids)} {declared.label}s named {change.name!r} "
            f"(ids {', '.join(ids)}){ours}: acdplan does not choose one; rename or remove in CXone the one that is "
            f"not the spec's, then plan again", sources, (declared.section, change.name)))
        change.action, change.adopt, change.reason = Action.NOOP, False, AMBIGUOUS
        change.reason_code = Reason.AMBIGUOUS_NAME
        change.attributes, change.depends_on, change.kept = (), (), ()
        if change.before is not None:
            change.after = change.before
    return diagnostics


def without_omitted(kind: Kind, document: dict, desired: dict) -> dict:
    """`document` without the fields the specs leave out and the kind does not manage then
    (`Kind.unmanaged_when_omitted`): a tenant's default is never compared with an omission."""
    dropped = [name for name in kind.unmanaged_when_omitted if name in document and name not in desired]
    return {key: value for key, value in document.items() if key not in dropped} if dropped else document


def _keep_hand_made(change: Change, declared: Kind, before: dict, after: dict, applied: dict | None,
                    exclusive) -> dict:
    """The tenant's list entries that acdplan did not make stay (an agent's voice skill, a role's
    other permissions), unless the spec declares the list `exclusive`; `change.kept` says which."""
    kept: list[tuple[str, str]] = []
    merged = dict(after)
    for field_name in declared.open_lists:
        if field_name in exclusive:
            continue
        current, wanted = before.get(field_name), after.get(field_name)
        made = (applied or {}).get(field_name) or ()
        if isinstance(current, dict):
            extra = {key: value for key, value in current.items() if key not in (wanted or {}) and key not in made}
            if extra:
                merged[field_name] = {**(wanted or {}), **extra}
                kept += [(field_name, key) for key in extra]
        elif isinstance(current, list):
            extra_items = [item for item in current if item not in (wanted or []) and item not in made]
            if extra_items:
                merged[field_name] = sorted([*(wanted or []), *extra_items])
                kept += [(field_name, item) for item in extra_items]
    change.kept = kept
    return merged if kept else after


def _differs(change: Change, kind: str, before: dict, after: dict, old_name: str | None, drifted: bool) -> None:
    change.attributes = attribute_changes(before, after)
    replaced = [field for field in REGISTRY[kind].replace_fields if _get(before, field) != _get(after, field)]
    if replaced:
        change.action = Action.REPLACE
        change.reason = f"{', '.join(replaced)} changed: must be deleted and created again"
        change.reason_code = Reason.REPLACE_BECAUSE_CANNOT_UPDATE
    else:
        change.action = Action.UPDATE
        change.reason = f"renamed from {old_name!r}" if old_name else "differs from the specs"
        change.reason_code = Reason.UPDATE_RENAMED if old_name else Reason.UPDATE_DIFFERS
    if drifted:
        change.reason += " (changed outside acdplan since the last apply)"


def _get(document: dict, dotted: str):
    value: object = document
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def tenant_reference_errors(desired: dict, snapshot: TenantSnapshot, sources: Locator,
                            told_whole: frozenset[str] = frozenset()) -> list[Diagnostic]:
    """Plan-time checks that need the tenant: objects that cannot be created and are not there
    (RQ001), and names of unmanaged kinds (campaigns, scripts) the tenant lacks (RF001). A kind
    told unchanged by its digest has every object the specs declare."""
    diagnostics = []

    for kind in MANAGED:
        wanted = desired.get(kind.name, {})
        if not kind.creatable and kind.name not in snapshot.unreadable and kind.name not in told_whole:
            present = snapshot.objects.get(kind.name, {})
            for name in wanted:
                if name not in present:
                    diagnostics.append(catalogue.diagnostic(
                        catalogue.RQ001, f"{kind.label} {name!r} does not exist in the tenant, and {kind.not_creatable}",
                        sources, (kind.section, name)))
        known = {ref.target: snapshot.names_of(ref.target) for ref in kind.refs}
        checked = [ref for ref in kind.refs if known[ref.target] is not None]
        for name, document in wanted.items() if checked else ():
            for ref in checked:
                for path, target_name in ref.missing(document, known[ref.target]):
                    declared = REGISTRY[ref.target]
                    found = catalogue.diagnostic(
                        "RF001", f"{kind.label} {name!r}: {declared.label} {target_name!r} does not exist in the "
                        f"tenant; {declared.missing_in_tenant}", sources, (kind.section, name, *path), prefer_value=True)
                    diagnostics.append(dataclasses.replace(found, fact=declared.missing_fact))
    return diagnostics


__all__ = ["PlanInputs", "make_plan", "state_fingerprint"]
