"""The tenant's own settings: agent application, dynamic delivery, working hours, global SLA.

One object per tenant (address `tenant.settings`), applied first (docs/DOMAIN.md) and never
deleted: leaving the specs lets go of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from acdplan.model.durations import screen_text
from acdplan.model.kinds.base import HandWork, Kind, Removal
from acdplan.model.kinds.labels import application_label
from acdplan.model.plain import object_document
from acdplan.model.values import SLA, WEEKDAYS, build_sla, sla_spec

CXONE_AGENT = "cxone_agent"
MAX = "max"


@dataclass(frozen=True, slots=True)
class WorkingHours:
    timezone: str
    days: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True, slots=True)
class Tenant:
    agent_application: str = CXONE_AGENT
    dynamic_delivery: bool = False
    working_hours: WorkingHours | None = None
    skill_pattern: str | None = None  # a naming convention of the repository, not a tenant setting
    sla: SLA | None = None
    # The forecast's default for agents that set none: not a tenant setting, out of the document.
    max_concurrent_contacts: int = field(default=1, compare=False)


def build(name: str, data: dict, tenant: Tenant | None = None) -> Tenant:
    hours = data.get("working_hours")
    given: dict[str, Any] = {}  # keyword arguments of Tenant, of several types
    if hours:
        given["working_hours"] = WorkingHours(
            timezone=hours["timezone"], days=tuple((day, tuple(hours[day])) for day in WEEKDAYS if hours.get(day)))
    pattern = (data.get("naming") or {}).get("skill_pattern")
    if pattern is not None:
        given["skill_pattern"] = pattern
    if data.get("sla") is not None:
        given["sla"] = build_sla(data["sla"])
    values = {key: data[key] for key in ("agent_application", "dynamic_delivery", "max_concurrent_contacts")
              if data.get(key) is not None}
    return Tenant(**values, **given)


def document(tenant: Tenant) -> dict:
    body = object_document(tenant)
    body.pop("skill_pattern", None)
    return body


def export(body: dict, context: dict) -> dict:
    spec: dict = {}
    if body.get("agent_application", CXONE_AGENT) != CXONE_AGENT:
        spec["agent_application"] = body["agent_application"]
    if body.get("dynamic_delivery"):
        spec["dynamic_delivery"] = True
    hours = body.get("working_hours")
    if hours:
        spec["working_hours"] = {"timezone": hours["timezone"], **{day: list(ranges) for day, ranges in hours.get("days", [])}}
    if body.get("sla") is not None:
        spec["sla"] = sla_spec(body["sla"])
    return spec


def steps(action: str, name: str, body: dict) -> list[str]:
    lines = []
    sla = body.get("sla")
    if sla:
        lines.append(f"Open ACD > Digital > SLA > Global: first response {screen_text(sla.get('first_response'))}, "
                     f"resolution {screen_text(sla.get('resolution'))} (F27); Save.")
    hours = body.get("working_hours")
    if hours:
        days = "; ".join(f"{day} {', '.join(ranges)}" for day, ranges in hours.get("days", [])) or "no working day"
        lines.append(f"Working hours ({hours.get('timezone')}): {days} (F28); Save.")
    if "dynamic_delivery" in body:
        lines.append(f"Business unit: Dynamic Delivery {'on' if body['dynamic_delivery'] else 'off'}.")
    if "agent_application" in body:
        lines.append(f"Business unit: default agent application {application_label(body['agent_application'])}.")
    return lines



KIND = Kind(
    name="tenant", section="tenant", model=Tenant, build=build, removal=Removal.NEVER, singleton="settings",
    document=document, export=export, label="tenant settings",
    hand=HandWork(create="ACD > Digital > SLA", update="ACD > Digital > SLA", steps=steps),
)
