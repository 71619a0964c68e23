"""The plan's side of the specs' lifecycle tools (acdplan.model.lifecycle): the changes that forget
a `removed:` object, and the error for a plan that would destroy a `prevent_destroy` object."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from acdplan.diagnostics import Diagnostic, Locator
from acdplan.model.kinds import REGISTRY
from acdplan.model.lifecycle import Lifecycle
from acdplan.plan.changes import Action, Change
from acdplan.plan.reasons import Reason
from acdplan.validate import catalogue

FORGET_REASON = "listed under removed: in the specs: acdplan stops managing it, the tenant keeps it"


def forgotten(managed_address: str, kind: str, name: str, before: dict | None, tenant_id: str | None) -> Change:
    """A state-only change: the applier drops the object from the state (its `after` is None) and
    sends nothing to the tenant, as Terraform's `removed` block with `destroy = false`."""
    return Change(managed_address, kind, name, Action.NOOP, before=before, adopt=True, forget=True,
                  reason=FORGET_REASON if before is not None else FORGET_REASON + " (gone from the tenant already)",
                  tenant_id=tenant_id, reason_code=Reason.FORGET_REMOVED)


def protected_destroys(changes: Iterable[Change], lifecycle: Mapping[str, Lifecycle],
                       sources: Locator) -> list[Diagnostic]:
    """LC003 for each change that deletes or replaces an object whose spec sets prevent_destroy
    (a rename keeps the object: only its source's delete would count, and a rename deletes nothing)."""
    found = []
    for change in changes:
        if change.action is not Action.DELETE and change.action is not Action.REPLACE:
            continue
        rules = lifecycle.get(change.address)
        if rules is None or not rules.prevent_destroy:
            continue
        declared = REGISTRY[change.kind]
        what = "delete" if change.action is Action.DELETE else f"replace ({change.reason})"
        where = (declared.section,) if declared.singleton is not None else (declared.section, change.name)
        found.append(catalogue.diagnostic(
            catalogue.LC003, f"{change.address} has lifecycle.prevent_destroy: the plan would {what}; keep it as it "
            "is, or remove prevent_destroy in a reviewed change first", sources, (*where, "lifecycle", "prevent_destroy"),
            prefer_value=True))
    return found
