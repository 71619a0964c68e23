"""The CXone side of each object kind: one module per kind, one adapter class each, found by kind."""

from __future__ import annotations

from acdplan.providers.cxone.kinds.agent import AgentAdapter
from acdplan.providers.cxone.kinds.base import Adapter, Context, KindRead, MappingError, NotInTenant
from acdplan.providers.cxone.kinds.channel import ChannelAdapter
from acdplan.providers.cxone.kinds.role import RoleAdapter
from acdplan.providers.cxone.kinds.routing_queue import RoutingQueueAdapter
from acdplan.providers.cxone.kinds.skill import SkillAdapter
from acdplan.providers.cxone.kinds.tenant import TenantAdapter

# Read order matters: skills before agents (an agent's skills are named through the skills read).
REGISTRY: dict[str, type[Adapter]] = {
    "tenant": TenantAdapter,
    "skill": SkillAdapter,
    "channel": ChannelAdapter,
    "role": RoleAdapter,
    "routing_queue": RoutingQueueAdapter,
    "agent": AgentAdapter,
}

__all__ = ["REGISTRY", "Adapter", "Context", "KindRead", "MappingError", "NotInTenant"]
