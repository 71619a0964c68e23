"""Stage 4, model: validated spec data as typed, normalised domain objects, one module a kind."""

from acdplan.model.build import build_spec, parse_duration
from acdplan.model.objects import (
    SLA,
    Account,
    Agent,
    Campaign,
    Channel,
    CustomerCountdown,
    PreferredAgent,
    QueueFilter,
    Role,
    Routing,
    RoutingQueue,
    Script,
    ServiceLevel,
    Skill,
    Spec,
    Tenant,
    WorkingHours,
)

__all__ = [
    "SLA", "Account", "Agent", "Campaign", "Channel", "CustomerCountdown", "PreferredAgent",
    "QueueFilter", "Role", "Routing", "RoutingQueue", "Script", "ServiceLevel", "Skill", "Spec",
    "Tenant", "WorkingHours", "build_spec", "parse_duration",
]
