"""Users who handle digital contacts: one role (F7), the agent application, skills (F9)."""

from __future__ import annotations

from dataclasses import dataclass, field

from acdplan.encoded import Encoded, encode_document
from acdplan.model.kinds.base import HandWork, Kind, Ref
from acdplan.model.kinds.labels import application_label
from acdplan.model.plain import to_document
from acdplan.model.values import construct

USERS = "Admin > Users"


@dataclass(frozen=True, slots=True)
class Agent:
    username: str
    roles: tuple[str, ...] = ()
    application: str = "cxone_agent"
    digital_engagement: bool = False
    skills: dict[str, int] = field(default_factory=dict)
    description: str | None = None
    renamed_from: str | None = field(default=None, compare=False)
    exclusive: tuple[str, ...] = field(default=(), compare=False)  # lists acdplan owns whole
    # The forecast's input (None: the tenant's), not a tenant setting: out of the document (docs/CAPACITY.md).
    max_concurrent_contacts: int | None = field(default=None, compare=False)

    @property
    def name(self) -> str:
        return self.username

    @property
    def role(self) -> str | None:
        return self.roles[0] if self.roles else None


def build(username: str, data: dict, tenant=None) -> Agent:
    role = data.get("role")
    roles = tuple(role) if isinstance(role, list) else ((role,) if role else ())
    given: dict = {"username": username, "roles": roles, "skills": dict(data.get("skills") or {}),
                   "exclusive": tuple(data.get("exclusive") or ())}
    if not data.get("application") and tenant is not None:
        given["application"] = tenant.agent_application  # the tenant's default application (F9)
    return construct(Agent, data, **given)


def _body(agent: Agent, skills) -> dict:
    """An agent's document with `skills` as given: its `roles` as one `role` (F7), the other
    fields as the generic converter (model/plain.py) writes them."""
    roles = agent.roles
    body: dict = {"application": agent.application}
    if agent.description is not None:
        body["description"] = agent.description
    body["digital_engagement"] = agent.digital_engagement
    body["role"] = roles[0] if roles else None
    body["skills"] = skills
    return body


def document(agent: Agent) -> dict:
    """Written out rather than generic plus a rename (why: bench/README.md "Fast paths");
    tests/model/test_plain.py holds it to the generic conversion."""
    skills = agent.skills
    return _body(agent, {skill: skills[skill] for skill in sorted(skills)} if skills.__class__ is dict
                 else to_document(skills))


def text(agent: Agent) -> Encoded:
    """`encode_document(document(agent))`, without sorting the skills first: the encoder sorts
    every mapping's keys (tests/model/test_plain.py holds it to that)."""
    if agent.skills.__class__ is not dict:
        return encode_document(document(agent))
    return encode_document(_body(agent, agent.skills))


def export(body: dict, context: dict) -> dict:
    # The application's default is the tenant's (F9), not the class's: compared here, not by without_defaults.
    defaults = {"role": None, "application": context.get("default_application", "cxone_agent"),
                "digital_engagement": False, "skills": {}}
    return {key: value for key, value in body.items() if not (key in defaults and defaults[key] == value)}


def steps(action: str, name: str, body: dict) -> list[str]:
    if action == "delete":
        return [f"Open {USERS} > {name}: remove the digital role and skills acdplan gave this user."]
    lines = [f"Open {USERS} > {name} > Edit."]
    lines.append(f"Role: {body.get('role')} (one role per user, F7); application: {application_label(body.get('application'))}; "
                 f"Digital Engagement: {'on' if body.get('digital_engagement') else 'off'} (F9).")
    if body.get("skills"):
        lines.append("Skills: " + ", ".join(f"{skill} (proficiency {level})" for skill, level in body["skills"].items())
                     + "; Save.")
    return lines


KIND = Kind(
    name="agent", section="agents", model=Agent, build=build,
    refs=(Ref(("role",), "role"), Ref(("skills",), "skill", keys=True)),
    document=document, text=text, export=export, label="user", open_lists=("skills",),
    hand=HandWork(create=f"{USERS} > {{name}} > Edit", update=f"{USERS} > {{name}} > Edit",
                  delete=f"{USERS} > {{name}} > Edit", steps=steps),
)
