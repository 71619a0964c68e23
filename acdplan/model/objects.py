"""The domain objects of ACD Digital, in the domain's words: `Spec`, and every kind's class.

Each class is declared by its kind's module (`acdplan.model.kinds`); this module gathers them
for readers that want them all. Objects are frozen and normalised when built: two specs that
mean the same configuration build equal objects, which is what makes a plan of (a, a) empty.
"""

from __future__ import annotations

from typing import Any

from acdplan.model.kinds import BY_SECTION, REGISTRY
from acdplan.model.kinds.agent import Agent
from acdplan.model.kinds.campaign import Campaign
from acdplan.model.kinds.channel import SOCIAL_ACCOUNT_TYPES, Account, Channel
from acdplan.model.kinds.role import Role
from acdplan.model.kinds.routing_queue import QueueFilter, RoutingQueue
from acdplan.model.kinds.script import Script
from acdplan.model.kinds.skill import (
    DIGITAL,
    INBOUND,
    OUTBOUND,
    PREFERRED_AGENT,
    CustomerCountdown,
    PreferredAgent,
    Routing,
    ServiceLevel,
    Skill,
)
from acdplan.model.kinds.tenant import CXONE_AGENT, MAX, Tenant, WorkingHours
from acdplan.model.lifecycle import Lifecycle
from acdplan.model.values import SLA


class Spec:
    """The whole desired configuration of one tenant: its settings, and each kind's objects by name.

    Sections read as attributes (`spec.skills`, `spec.agents`), for every kind the registry has:
    plain attributes, set once, since rules read them inside loops over a large tenant.
    """

    def __init__(self, tenant: Tenant | None = None, objects: dict[str, dict[str, Any]] | None = None,
                 imports: frozenset[str] = frozenset(), lifecycle: dict[str, Lifecycle] | None = None,
                 removed: tuple[str, ...] = (), **sections):
        self.tenant = tenant if tenant is not None else Tenant()
        self.imports = imports  # addresses of tenant objects the specs adopt (`import:`)
        self.lifecycle = lifecycle or {}  # address -> its `lifecycle:` (acdplan.model.lifecycle)
        self.removed = removed  # addresses acdplan stops managing, the tenant keeps (`removed:`)
        self.objects: dict[str, dict[str, Any]] = {kind: {} for kind in REGISTRY if REGISTRY[kind].singleton is None}
        self.objects.update(objects or {})
        for section, values in sections.items():
            self.objects[BY_SECTION[section].name] = values
        for name, values in self.objects.items():
            setattr(self, REGISTRY[name].section, values)

    def of(self, kind: str) -> dict[str, Any]:
        """The objects of one kind, by name."""
        return self.objects.get(kind, {})

    def __getattr__(self, section: str) -> dict[str, Any]:  # only for type checkers: sections are set above
        raise AttributeError(section)

    def __repr__(self) -> str:
        counts = ", ".join(f"{kind}={len(items)}" for kind, items in self.objects.items())
        return f"Spec({counts})"


__all__ = [
    "CXONE_AGENT", "DIGITAL", "INBOUND", "MAX", "OUTBOUND", "PREFERRED_AGENT", "SLA", "SOCIAL_ACCOUNT_TYPES",
    "Account", "Agent", "Campaign", "Channel", "CustomerCountdown", "PreferredAgent", "QueueFilter", "Role",
    "Routing", "RoutingQueue", "Script", "ServiceLevel", "Skill", "Spec", "Tenant", "WorkingHours",
]
