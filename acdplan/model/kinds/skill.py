"""ACD skills (F13-F25): how digital contacts are routed, with their options.

A change of media or direction cannot be made in place: the skill is replaced (F17). Skills
are deactivated, never removed (F13).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from acdplan.model.kinds.base import HandWork, Kind, Ref, Removal
from acdplan.model.values import construct, without_defaults

DIGITAL = "digital"
INBOUND = "inbound"
OUTBOUND = "outbound"
PREFERRED_AGENT = "preferred_agent"
SKILLS = "ACD > Contact Settings > ACD Skills"


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


def build(name: str, data: dict, tenant=None) -> Skill:
    given: dict = {"name": name}
    routing = data.get("routing")
    if routing is not None:
        preferred = routing.get("preferred_agent")
        given["routing"] = construct(Routing, routing, preferred_agent=construct(PreferredAgent, preferred)
                                     if preferred is not None else None)
    if data.get("service_level") is not None:
        given["service_level"] = construct(ServiceLevel, data["service_level"])
    if data.get("customer_response_countdown") is not None:
        given["customer_response_countdown"] = construct(CustomerCountdown, data["customer_response_countdown"])
    return construct(Skill, data, **given)


def export(body: dict, context: dict) -> dict:
    spec = without_defaults(Skill, dict(body))
    countdown = spec.get("customer_response_countdown")
    if countdown is not None:
        spec["customer_response_countdown"] = without_defaults(CustomerCountdown, dict(countdown))
    return spec


def steps(action: str, name: str, body: dict) -> list[str]:
    if action in ("create", "replace"):
        lines = [f"Open {SKILLS} > Create New > Single Skill (needs Skills - Create, F15).",
                 f"Media Type: {str(body.get('media', DIGITAL)).title()}; Direction: {body.get('direction', INBOUND)}; "
                 f"Skill Name: {name}; Campaign: {body.get('campaign')} (F16, F18)."]
        if action == "replace":
            lines.insert(0, f"Open {SKILLS} > {name} > Deactivate the old skill first: media and direction "
                            f"cannot be changed in place (F17).")
        return lines
    if action == "delete":
        return [f"Open {SKILLS} > {name}: Deactivate (ACD skills are deactivated, not removed, F13)."]
    return [f"Open {SKILLS} > {name} > Edit (needs Skills - Edit, F15)."]


KIND = Kind(
    name="skill", section="skills", model=Skill, build=build,
    refs=(Ref(("campaign",), "campaign"),),
    replace_fields=("media", "direction"), removal=Removal.DEACTIVATE, export=export, label="skill",
    unmanaged_when_omitted=("service_level", "message_template"),  # no PUT clears them (docs/CXONE.md)
    hand=HandWork(create=f"{SKILLS} > Create New > Single Skill", update=f"{SKILLS} > {{name}} > Edit",
                  delete=f"{SKILLS} > {{name}} > Deactivate", steps=steps),
)
