"""Promotion between business units (issue 22, item 4): the part of a tenant named by addresses
with everything it refers to (`export --only`), one object's spec for `import --generate-config`,
and what one environment's tenant has that another's lacks (`diff -e A -e B`), as a plan shows it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from acdplan.export import export_sections, render_section
from acdplan.model.documents import address, split_address
from acdplan.model.kinds import MANAGED, REGISTRY
from acdplan.plan.attributes import attribute_changes
from acdplan.plan.changes import Action, Change, Plan
from acdplan.plan.reasons import Reason
from acdplan.state.atomic import atomic_write
from acdplan.tenant import TenantSnapshot


class SelectionError(ValueError):
    """An address names no object of the tenant (the message names the closest ones)."""


def with_references(snapshot: TenantSnapshot, addresses: Iterable[str]) -> list[str]:
    """The named objects and, transitively, every managed object they refer to (a role's channels,
    their default skills, ...), in a stable order. Unmanaged names (campaigns, scripts) follow
    the exported objects in export_sections."""
    wanted: list[str] = []
    queue = list(addresses)
    while queue:
        current = queue.pop(0)
        if current in wanted:
            continue
        kind_name, name = split_address(current)
        declared = REGISTRY.get(kind_name)
        document = snapshot.get(kind_name, name) if declared is not None and declared.managed else None
        if declared is None or document is None:
            raise SelectionError(_unknown(snapshot, current))
        wanted.append(current)
        queue += [address(target, target_name) for _, target, target_name in declared.references(document)
                  if REGISTRY[target].managed]
    return wanted


def _unknown(snapshot: TenantSnapshot, wrong: str) -> str:
    import difflib

    known = [address(kind, name) for kind, names in snapshot.objects.items() for name in names]
    close = difflib.get_close_matches(wrong, known, n=3)
    hint = f" (closest: {', '.join(close)})" if close else " (give KIND.NAME, e.g. skill.IG_Direct_FR)"
    return f"{wrong!r} names no object of the tenant{hint}"


def selected(snapshot: TenantSnapshot, addresses: Iterable[str]) -> TenantSnapshot:
    """The snapshot cut down to `addresses` (ids kept, for export's hints)."""
    keep = set(addresses)
    objects = {kind: {name: document for name, document in documents.items() if address(kind, name) in keep}
               for kind, documents in snapshot.objects.items()}
    return TenantSnapshot(objects, {key: value for key, value in snapshot.ids.items() if key in keep},
                          snapshot.campaigns, snapshot.scripts, snapshot.authorised_accounts, dict(snapshot.unreadable))


def skipped_sections(addresses: Iterable[str]) -> set[str]:
    """Singleton sections (the tenant's settings) not named: never written, or a promotion would
    set the other business unit's settings to the defaults."""
    named = {split_address(item)[0] for item in addresses}
    return {kind.section for kind in MANAGED if kind.singleton is not None and kind.name not in named}


def object_spec(snapshot: TenantSnapshot, object_address: str, hints: dict | None = None,
                environment: str = "") -> str:
    """One object's spec file, as export writes it (its section only: the names it refers to are
    declared elsewhere in the specs, and it is in the state already: no `import:`)."""
    kind_name, name = split_address(object_address)
    declared = REGISTRY.get(kind_name)
    if declared is None or snapshot.get(kind_name, name) is None:
        raise SelectionError(_unknown(snapshot, object_address))
    sections = export_sections(selected(snapshot, [object_address]), hints)
    data, comments = sections[declared.section]
    return render_section(declared.section, data, comments, environment)


def write_new_file(path: Path, text: str) -> None:
    """Written only where nothing is: a spec file the user has is never replaced."""
    if path.exists():
        raise FileExistsError(f"{path} exists already: name a new file")
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, text.encode("utf-8"), backup=False)


def hide_recorded_secrets(state, snapshot: TenantSnapshot) -> None:
    """Marks sensitive what the tenant holds where the environment's state recorded `(sensitive)`
    (a spec tagged it): the diff's output then shows `(sensitive)` there, as a plan does."""
    from acdplan.sensitive import mark_recorded

    for managed_address in state.resources:
        kind_name, name = split_address(managed_address)
        current = snapshot.get(kind_name, name)
        if current is not None:
            mark_recorded(state.applied_document(managed_address), current)


def tenant_diff(source: TenantSnapshot, target: TenantSnapshot, source_name: str, target_name: str) -> Plan:
    """What applying `source`'s tenant onto `target`'s would change, as a plan: create what only the
    source has, update what differs, and name (as delete) what only the target has."""
    plan = Plan(environment=target_name, provider=f"diff from {source_name}", options={"diff_from": source_name})
    for kind in MANAGED:
        if kind.name in source.unreadable or kind.name in target.unreadable:
            continue
        ours, theirs = source.objects.get(kind.name, {}), target.objects.get(kind.name, {})
        for name in sorted(set(ours) | set(theirs)):
            change_address = address(kind.name, name)
            before, after = theirs.get(name), ours.get(name)
            if before is None:
                change = Change(change_address, kind.name, name, Action.CREATE, after=after,
                                reason=f"in {source_name}, not in {target_name}",
                                reason_code=Reason.PROMOTE_ONLY_IN_SOURCE)
            elif after is None:
                change = Change(change_address, kind.name, name, Action.DELETE, before=before,
                                reason=f"in {target_name}, not in {source_name}",
                                reason_code=Reason.PROMOTE_ONLY_IN_TARGET)
            elif before != after:
                change = Change(change_address, kind.name, name, Action.UPDATE, before=before, after=after,
                                attributes=attribute_changes(before, after), reason=f"differs in {source_name}",
                                reason_code=Reason.PROMOTE_DIFFERS)
            else:
                change = Change(change_address, kind.name, name, Action.NOOP, before=before, after=after)
            plan.changes.append(change)
    return plan


__all__ = ["SelectionError", "hide_recorded_secrets", "object_spec", "selected", "skipped_sections", "tenant_diff", "with_references",
           "write_new_file"]
