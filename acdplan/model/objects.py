"""The domain objects of ACD Digital, in the domain's words.

Objects are frozen and normalised when built: defaults are filled in, durations are minutes,
permission sets are frozensets. Two specs that mean the same configuration build equal objects
however they were written, which is what makes a plan of (a, a) empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DIGITAL = "digital"
INBOUND = "inbound"
OUTBOUND = "outbound"
CXONE_AGENT = "cxone_agent"
MAX = "max"
PREFERRED_AGENT = "preferred_agent"
SOCIAL_ACCOUNT_TYPES = frozenset({"instagram", "instagram_direct", "facebook_messenger", "facebook", "whatsapp"})


@dataclass(frozen=True, slots=True)
class SLA:
    """First response and resolution times (F27), in minutes; None where the part is not set."""

    first_response: int | None = None
    resolution: int | None = None


@dataclass(frozen=True, slots=True)
class WorkingHours:
    timezone: str
    days: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True, slots=True)
class Tenant:
    agent_application: str = CXONE_AGENT
    dynamic_delivery: bool = False
    working_hours: WorkingHours | None = None
    skill_pattern: str | None = None
    sla: SLA | None = None


@dataclass(frozen=True, slots=True)
class Campaign:
    name: str
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Script:
    name: str
    description: str | None = None


@dataclass(frozen=True, slots=True)
class PreferredAgent:
    metric: str | None = None
    fallback: str | None = None
    timeout_seconds: int | None = None


@dataclass(frozen=True, slots=True)
class Routing:
    criteria: str = "proficiency"
    preferred_agent: PreferredAgent | None = None


@dataclass(frozen=True, slots=True)
class ServiceLevel:
    goal_percent: int | None = None
    threshold_seconds: int | None = None


@dataclass(frozen=True, slots=True)
class CustomerCountdown:
    seconds: int | None = None
    unassign: bool = False


@dataclass(frozen=True, slots=True)
class Skill:
    name: str
    campaign: str | None = None
    media: str = DIGITAL
    direction: str = INBOUND
    personal_connection: bool = False
    byoc: bool = False
    message_template: str | None = None
    sub_skill: bool = False
    popurl: bool = False
    routing: Routing | None = None
    service_level: ServiceLevel | None = None
    accept_reject: bool = False
    agent_response_countdown_seconds: int | None = None
    customer_response_countdown: CustomerCountdown | None = None
    description: str | None = None
    renamed_from: str | None = field(default=None, compare=False)

    @property
    def is_digital(self) -> bool:
        return self.media == DIGITAL

    @property
    def has_countdowns(self) -> bool:
        return self.agent_response_countdown_seconds is not None or self.customer_response_countdown is not None


@dataclass(frozen=True, slots=True)
class Account:
    id: str
    # The platform's display name: informational (it comes from Facebook/Instagram), so not
    # compared and not planned; export writes it back as a hint.
    name: str | None = field(default=None, compare=False)
    professional: bool = False
    allow_message_access: bool = False


@dataclass(frozen=True, slots=True)
class Channel:
    name: str
    type: str
    account: Account
    default_skill: str | None = None
    default_script: str | None = None
    sla: str | SLA | None = None  # "global" (the guide's YES), an SLA (NO, DIFFERENT), or unset
    description: str | None = None
    renamed_from: str | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Role:
    name: str
    handles_contacts: bool = True
    admin_permissions: frozenset[str] = frozenset()
    channels: dict[str, frozenset[str]] = field(default_factory=dict)
    description: str | None = None

    def grants(self, channel: str) -> bool:
        return channel in self.channels


@dataclass(frozen=True, slots=True)
class Agent:
    username: str
    roles: tuple[str, ...] = ()
    application: str = CXONE_AGENT
    digital_engagement: bool = False
    skills: dict[str, int] = field(default_factory=dict)
    description: str | None = None

    @property
    def role(self) -> str | None:
        return self.roles[0] if self.roles else None


@dataclass(frozen=True, slots=True)
class QueueFilter:
    included_channels: tuple[str, ...] = ()
    included_skills: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RoutingQueue:
    name: str
    filters: dict[str, QueueFilter] = field(default_factory=dict)


@dataclass(slots=True)
class Spec:
    """The whole desired configuration of one tenant."""

    tenant: Tenant = field(default_factory=Tenant)
    campaigns: dict[str, Campaign] = field(default_factory=dict)
    scripts: dict[str, Script] = field(default_factory=dict)
    skills: dict[str, Skill] = field(default_factory=dict)
    channels: dict[str, Channel] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)
    agents: dict[str, Agent] = field(default_factory=dict)
    routing_queues: dict[str, RoutingQueue] = field(default_factory=dict)
