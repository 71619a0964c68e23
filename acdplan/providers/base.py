"""The provider interface: the one small surface between the engine and a tenant.

A provider reads the tenant's current configuration, carries out one planned step, and says
which steps need a person. The engine depends on this module only, never on a provider's.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from acdplan.model.documents import Documents

if TYPE_CHECKING:
    from acdplan.diagnostics import Diagnostic
    from acdplan.plan.changes import Change, Plan


@dataclass(slots=True)
class TenantSnapshot:
    """What a provider read from the tenant, in the normalised document form of the model."""

    objects: Documents = field(default_factory=dict)  # kind -> name -> document
    ids: dict[str, str] = field(default_factory=dict)  # address -> the tenant's id for it
    campaigns: frozenset[str] | None = None  # None: the provider stands for a tenant that has them all
    scripts: frozenset[str] | None = None
    authorised_accounts: frozenset[tuple[str, str]] | None = None  # (channel type, account id); None: all
    unreadable: dict[str, str] = field(default_factory=dict)  # kind -> why the tenant could not be read for it

    def get(self, kind: str, name: str) -> dict | None:
        return self.objects.get(kind, {}).get(name)


@dataclass(frozen=True, slots=True)
class StepOutcome:
    """What a step did: the tenant's id of the object it created or changed, when there is one."""

    id: str | None = None


class StepFailed(Exception):
    """A step the tenant refused; the message says why, without secrets."""


class ProviderError(Exception):
    """The tenant could not be reached or read; the message is safe to show (no secrets)."""


class Provider(ABC):
    """One tenant, reached one way (a local file, the CXone REST API, ...)."""

    name: str = "provider"
    # Whether step calls may run concurrently (--parallelism).
    supports_parallel_steps: bool = True

    @abstractmethod
    def read(self) -> TenantSnapshot:
        """The tenant's current configuration."""

    @abstractmethod
    def apply_step(self, change: "Change") -> StepOutcome:
        """Carry out one change (create, update, replace or delete). Raise StepFailed on refusal."""

    def manual_reason(self, change: "Change", snapshot: TenantSnapshot) -> str | None:
        """Why a person must do this step (e.g. the Facebook login of F5), or None when the applier can."""
        return None

    def preflight(self, plan: "Plan") -> list["Diagnostic"]:
        """Checks before any step runs (PF001: permissions); diagnostics that stop the apply."""
        return []

    def export_hints(self) -> dict:
        """What `export` may write beside the documents (e.g. account names, unmapped values)."""
        return {}

    def close(self) -> None:
        """Release connections and flush whatever the provider keeps."""
