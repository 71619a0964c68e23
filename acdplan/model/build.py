"""Build typed, normalised domain objects from schema-valid spec data."""

from __future__ import annotations

import re

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

_DURATION_TEXT = re.compile(r"^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def duration_parts(value) -> tuple[int, int, int] | None:
    """(days, hours, minutes) of a duration written as a mapping or as text like "1d2h30m"."""
    if value is None:
        return None
    if isinstance(value, str):
        match = _DURATION_TEXT.match(value.strip())
        if not match:
            return None
        return tuple(int(part or 0) for part in match.groups())  # type: ignore[return-value]
    return (int(value.get("days", 0) or 0), int(value.get("hours", 0) or 0), int(value.get("minutes", 0) or 0))


def parse_duration(value) -> int | None:
    """A duration in minutes, the one unit the model keeps."""
    parts = duration_parts(value)
    if parts is None:
        return None
    days, hours, minutes = parts
    return (days * 24 + hours) * 60 + minutes


def build_sla(data) -> SLA | None:
    if not isinstance(data, dict):
        return None
    return SLA(parse_duration(data.get("first_response")), parse_duration(data.get("resolution")))


def build_tenant(data: dict) -> Tenant:
    hours = data.get("working_hours")
    working_hours = None
    if hours:
        working_hours = WorkingHours(
            timezone=hours["timezone"],
            days=tuple((day, tuple(hours[day])) for day in WEEKDAYS if hours.get(day)),
        )
    return Tenant(
        agent_application=data.get("agent_application", "cxone_agent"),
        dynamic_delivery=bool(data.get("dynamic_delivery", False)),
        working_hours=working_hours,
        skill_pattern=(data.get("naming") or {}).get("skill_pattern"),
        sla=build_sla(data.get("sla")),
    )


def build_skill(name: str, data: dict) -> Skill:
    routing = data.get("routing")
    if routing is not None:
        preferred = routing.get("preferred_agent")
        routing = Routing(
            criteria=routing.get("criteria", "proficiency"),
            preferred_agent=PreferredAgent(**preferred) if preferred is not None else None,
        )
    service_level = data.get("service_level")
    countdown = data.get("customer_response_countdown")
    return Skill(
        name=name,
        campaign=data.get("campaign"),
        media=data.get("media", "digital"),
        direction=data.get("direction", "inbound"),
        personal_connection=bool(data.get("personal_connection", False)),
        byoc=bool(data.get("byoc", False)),
        message_template=data.get("message_template"),
        sub_skill=bool(data.get("sub_skill", False)),
        popurl=bool(data.get("popurl", False)),
        routing=routing,
        service_level=ServiceLevel(**service_level) if service_level is not None else None,
        accept_reject=bool(data.get("accept_reject", False)),
        agent_response_countdown_seconds=data.get("agent_response_countdown_seconds"),
        customer_response_countdown=CustomerCountdown(**countdown) if countdown is not None else None,
        description=data.get("description"),
        renamed_from=data.get("renamed_from"),
    )


def build_channel(name: str, data: dict) -> Channel:
    account = data.get("account") or {}
    sla = data.get("sla")
    return Channel(
        name=name,
        type=data["type"],
        account=Account(
            id=str(account.get("id", "")),
            name=account.get("name"),
            professional=bool(account.get("professional", False)),
            allow_message_access=bool(account.get("allow_message_access", False)),
        ),
        default_skill=data.get("default_skill"),
        default_script=data.get("default_script"),
        sla=sla if sla == "global" or sla is None else build_sla(sla),
        description=data.get("description"),
        renamed_from=data.get("renamed_from"),
    )


def build_role(name: str, data: dict) -> Role:
    return Role(
        name=name,
        handles_contacts=bool(data.get("handles_contacts", True)),
        admin_permissions=frozenset(data.get("admin_permissions") or ()),
        channels={channel: frozenset(perms or ()) for channel, perms in (data.get("channels") or {}).items()},
        description=data.get("description"),
    )


def build_agent(username: str, data: dict, tenant: Tenant) -> Agent:
    role = data.get("role")
    roles = tuple(role) if isinstance(role, list) else ((role,) if role else ())
    return Agent(
        username=username,
        roles=roles,
        application=data.get("application") or tenant.agent_application,
        digital_engagement=bool(data.get("digital_engagement", False)),
        skills=dict(data.get("skills") or {}),
        description=data.get("description"),
    )


def build_queue(name: str, data: dict) -> RoutingQueue:
    return RoutingQueue(
        name=name,
        filters={
            filter_name: QueueFilter(
                included_channels=tuple(body.get("included_channels") or ()),
                included_skills=tuple(body.get("included_skills") or ()),
            )
            for filter_name, body in ((data or {}).get("filters") or {}).items()
        },
    )


def build_spec(data: dict) -> Spec:
    """The typed model of a merged, schema-valid spec document."""
    tenant = build_tenant(data.get("tenant") or {})
    return Spec(
        tenant=tenant,
        campaigns={name: Campaign(name, (body or {}).get("description")) for name, body in (data.get("campaigns") or {}).items()},
        scripts={name: Script(name, (body or {}).get("description")) for name, body in (data.get("scripts") or {}).items()},
        skills={name: build_skill(name, body or {}) for name, body in (data.get("skills") or {}).items()},
        channels={name: build_channel(name, body or {}) for name, body in (data.get("channels") or {}).items()},
        roles={name: build_role(name, body or {}) for name, body in (data.get("roles") or {}).items()},
        agents={name: build_agent(name, body or {}, tenant) for name, body in (data.get("agents") or {}).items()},
        routing_queues={name: build_queue(name, body) for name, body in (data.get("routing_queues") or {}).items()},
    )
