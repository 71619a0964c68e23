"""What a provider carries out for each kind of object: a declared contract, as octoDNS's `SUPPORTS`.

A provider declares, kind by kind, which operations its API performs: read, create, update,
delete. octoDNS ignores a record type a provider does not support and manages it elsewhere
(`octodns/provider/base.py`, docs/records.md); here a managed kind a provider does not read is
unreadable there (PV002): never planned, so no blind create is sent to fail at apply. A step whose
operation the provider does not perform is a manual step, with the kind's UI path. A provider
that declares nothing supports everything (octoDNS's `BaseProvider.supports` falls back the same
way), so a provider written before this contract keeps working.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum

from acdplan.model.kinds import MANAGED, REGISTRY
from acdplan.plan.changes import Action, Change
from acdplan.tenant import TenantSnapshot


class Operation(str, Enum):
    READ = "read"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


EVERY_OPERATION = frozenset(Operation)
Coverage = Mapping[str, frozenset[Operation]]  # kind -> what the provider's API does for it

# What each action of a plan asks of the provider (a replace deletes, then creates again).
NEEDED = {
    Action.CREATE: frozenset({Operation.CREATE}),
    Action.UPDATE: frozenset({Operation.UPDATE}),
    Action.REPLACE: frozenset({Operation.CREATE, Operation.DELETE}),
    Action.DELETE: frozenset({Operation.DELETE}),
    Action.NOOP: frozenset(),
}


def full_coverage() -> dict[str, frozenset[Operation]]:
    """Every managed kind, every operation: a provider that stores any kind alike (the sandbox)."""
    return {kind.name: EVERY_OPERATION for kind in MANAGED}


def unread_kinds(coverage: Coverage) -> list[str]:
    """The managed kinds the provider does not read, in apply order."""
    return [kind.name for kind in MANAGED if Operation.READ not in coverage.get(kind.name, frozenset())]


def cover(snapshot: TenantSnapshot, coverage: Coverage, provider: str) -> TenantSnapshot:
    """`snapshot` with each managed kind the provider does not read made unreadable (PV002): its
    objects are unknown, not absent, so nothing of it is planned."""
    objects = dict(snapshot.objects)
    for name in unread_kinds(coverage):
        objects.pop(name, None)
        snapshot.unreadable.setdefault(name, f"the {provider} provider does not support {REGISTRY[name].label}s")
    snapshot.objects = objects
    return snapshot


def uncovered_step(change: Change, coverage: Coverage, provider: str) -> str | None:
    """Why a person must carry out `change`: the provider does not perform what its action needs;
    None when it does."""
    missing = NEEDED[change.action] - coverage.get(change.kind, frozenset())
    if not missing:
        return None
    declared = REGISTRY.get(change.kind)
    if declared is None:
        return f"the {provider} provider cannot {change.action.value} {change.kind} objects: do it by hand"
    where = declared.hand.path(change.action.value, change.name, change.after or change.before or {})
    verbs = " or ".join(sorted(operation.value for operation in missing))
    return (f"the {provider} provider cannot {verbs} a {declared.label}: do it by hand"
            + (f" ({where})" if where else ""))


__all__ = ["EVERY_OPERATION", "NEEDED", "Coverage", "Operation", "cover", "full_coverage", "uncovered_step",
           "unread_kinds"]
