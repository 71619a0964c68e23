"""The provider interface: the one small surface between the engine and a tenant.

A provider reads the tenant's current configuration, carries out one planned step, and marks
which steps need a person (a hook the engine calls after planning). Each provider carries out
steps through one adapter per kind, found by the kind's name. The engine depends on this
module and `acdplan.tenant` only, never on a provider's own modules.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from acdplan.plan.changes import Action
from acdplan.providers.coverage import Coverage, cover, full_coverage, uncovered_step
from acdplan.tenant import BatchOutcomes, Documents, ProviderError, StepFailed, StepOutcome, TenantSnapshot

if TYPE_CHECKING:
    from acdplan.diagnostics import Diagnostic
    from acdplan.plan.changes import Change, Plan


class KindAdapter(ABC):
    """How one provider reads and writes one kind of object."""

    # A plain attribute, not a ClassVar: CXone adapters fix it per class, LocalAdapter per instance.
    kind: str

    @abstractmethod
    def create(self, change: Change) -> StepOutcome: ...

    @abstractmethod
    def update(self, change: Change) -> StepOutcome: ...

    @abstractmethod
    def delete(self, change: Change) -> StepOutcome: ...

    def replace(self, change: Change) -> StepOutcome:
        """Delete, then create again (F4, F17); adapters override where the tenant does it otherwise."""
        self.delete(change)
        return self.create(change)

    def run(self, change: Change):
        """Carry out a change: the plan's four actions are the adapter's four verbs, in one table."""
        verbs = {"create": self.create, "update": self.update, "replace": self.replace, "delete": self.delete}
        return verbs[change.action.value](change)


class Provider(ABC):
    """One tenant, reached one way (a local file, the CXone REST API, ...)."""

    name: str = "provider"
    # Whether step calls may run concurrently (--parallelism).
    supports_parallel_steps: bool = True
    # Whether read() waits on the network: then a plan reads it while the specs are validated.
    reads_over_network: bool = False

    def abandon(self) -> None:
        """A read running in another thread will not be used (the specs were rejected): stop its calls."""

    @abstractmethod
    def read(self) -> TenantSnapshot:
        """The tenant's current configuration (passed through `cover()`, see `supports`)."""

    @property
    def supports(self) -> Coverage:
        """Kind -> the operations this provider performs for it (acdplan/providers/coverage.py);
        a provider that declares nothing supports everything."""
        return full_coverage()

    def cover(self, snapshot: TenantSnapshot) -> TenantSnapshot:
        """`snapshot` with the managed kinds this provider does not read marked unreadable (PV002)."""
        return cover(snapshot, self.supports, self.name)

    def adapter(self, kind: str) -> KindAdapter:
        """The adapter that carries out steps on objects of `kind` (providers keep a dict by kind)."""
        raise NotImplementedError(f"{self.name} has no adapter for {kind!r}")

    def apply_step(self, change: Change) -> StepOutcome:
        """Carry out one change through its kind's adapter. Raise StepFailed on refusal."""
        if change.action.value == "noop":
            return StepOutcome(change.tenant_id)
        return self.adapter(change.kind).run(change)

    def manual_reason(self, change: Change, snapshot: TenantSnapshot) -> str | None:
        """Why a person must do this step (e.g. the Facebook login of F5), or None when the applier can."""
        return None

    def mark_manual(self, plan: Plan, snapshot: TenantSnapshot) -> None:
        """The hook the engine calls after planning: flag the steps this provider cannot carry out."""
        noop, supports = Action.NOOP, self.supports
        for change in plan.changes:
            if change.action is not noop:  # what runs a step (an adoption alone runs none)
                reason = self.manual_reason(change, snapshot) or uncovered_step(change, supports, self.name)
                if reason:
                    change.manual, change.manual_reason = True, reason

    def unwritten(self, change: Change) -> Mapping[str, object]:
        """Fields of this change's document its step does not write (a person sets them): field ->
        the value a new object has (acdplan.plan.manual_steps.ABSENT when it has none). Apply
        records them as the tenant held them and keeps the rest as a manual step."""
        return {}

    def use_state(self, applied: Callable[[str], dict | None]) -> None:
        """Called by the engine before `read()`: what acdplan last applied to each address, for the
        values a tenant never reads back (a provider may fill them in from there)."""

    def credential_user(self) -> str | None:
        """The username the provider applies as (the self-lockout guard protects its role), or None."""
        return None

    def prepare(self, plan: Plan) -> None:
        """Called once before the first step of an apply: a provider may batch the plan's writes."""

    def unreported(self) -> BatchOutcomes:
        """Called once the apply's steps are over: what the batches wrote, or may have written, for
        steps that never reported it (the applier records the one, reads back the other)."""
        return BatchOutcomes()

    def preflight(self, plan: Plan) -> list[Diagnostic]:
        """Checks before any step runs (PF001: permissions); diagnostics that stop the apply."""
        return []

    def export_hints(self) -> dict:
        """What `export` may write beside the documents (e.g. account names, unmapped values)."""
        return {}

    def close(self) -> None:
        """Release connections and flush whatever the provider keeps."""


__all__ = ["BatchOutcomes", "Documents", "KindAdapter", "Provider", "ProviderError", "StepFailed", "StepOutcome", "TenantSnapshot"]
