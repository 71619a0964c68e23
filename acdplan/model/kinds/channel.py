"""Digital channels (touchpoints): a type, the platform account, default skill and script, SLA.

The type and the account cannot change in place (F4): the channel is replaced. Social types
need a person to log in with Facebook to be created (F5).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from acdplan.model.durations import screen_text
from acdplan.model.kinds.base import HandWork, Kind, Ref
from acdplan.model.kinds.labels import SOCIAL_LOGIN_TYPES, channel_type_label
from acdplan.model.plain import object_document
from acdplan.model.values import SLA, Demand, build_demand, build_sla, construct, sla_spec, without_defaults

TOUCHPOINTS = "ACD > Digital > Digital touchpoints"
SOCIAL_ACCOUNT_TYPES = frozenset({"instagram", "instagram_direct", "facebook_messenger", "facebook", "whatsapp"})


@dataclass(frozen=True, slots=True)
class Account:
    id: str
    # The platform's display name (it comes from Facebook/Instagram): planned like any field
    # (issue 20: it was accepted and never planned), through `document` below, as the object
    # documents leave out every field called `name` (acdplan/model/plain.py: an object's name).
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
    # The forecast's input, not a tenant setting: out of the document, never planned (docs/CAPACITY.md).
    demand: Demand | None = field(default=None, compare=False)


def build(name: str, data: dict, tenant=None) -> Channel:
    account = dict(data.get("account") or {})
    account["id"] = str(account.get("id", ""))
    sla = data.get("sla")
    return construct(Channel, data, name=name, account=construct(Account, account),
                     sla=sla if sla == "global" or sla is None else build_sla(sla), demand=build_demand(data.get("demand")))


def document(channel: Channel) -> dict:
    """The channel's document, with its account's display name when the spec gives one."""
    body = object_document(channel)
    if channel.account.name is not None:
        body["account"] = {**body["account"], "name": channel.account.name}
    return body


def export(body: dict, context: dict) -> dict:
    spec = dict(body)
    account = without_defaults(Account, dict(body.get("account") or {}))
    account_name = context.get("account_names", {}).get(context.get("name"))
    if account_name:
        account["name"] = account_name
    spec["account"] = account
    if isinstance(spec.get("sla"), dict):
        spec["sla"] = sla_spec(spec["sla"])
    return spec


def fill(body: dict) -> dict[str, str]:
    channel_type = body.get("type", "")
    return {"type_label": channel_type_label(channel_type),
            "connect": " > Connect with Facebook" if channel_type in SOCIAL_LOGIN_TYPES else ""}


def steps(action: str, name: str, body: dict) -> list[str]:
    if action == "delete":
        return [f"Open {TOUCHPOINTS} > {name} > Delete."]
    if action not in ("create", "replace"):
        return [f"Open {TOUCHPOINTS} > {name} > Edit."]
    lines = []
    if action == "replace":
        lines.append(f"Open {TOUCHPOINTS} > {name} > Delete the old channel: its type or account cannot change (F4).")
    lines.append(f"Open {TOUCHPOINTS} > {channel_type_label(body.get('type', ''))} > Create channel.")
    if body.get("type") in SOCIAL_LOGIN_TYPES:
        account = body.get("account", {})
        lines += ["Click Connect with Facebook and log in to the Facebook business account (F5).",
                  f"Pick the account {_account_label(account)} and click Create."]
    lines.append(f"Open {TOUCHPOINTS} > {name} > Edit: Studio script {body.get('default_script')}, "
                 f"default skill {body.get('default_skill')}; Save (F3).")
    sla = body.get("sla")
    if sla == "global":
        lines.append(f"Open ACD > Digital > SLA > {name} > Edit: choose YES (the global SLA) (F26).")
    elif isinstance(sla, dict):
        lines.append(f"Open ACD > Digital > SLA > {name} > Edit: choose NO, DIFFERENT; first response "
                     f"{screen_text(sla.get('first_response'))}, resolution {screen_text(sla.get('resolution'))} (F26, F27).")
    return lines


def _account_label(account: dict) -> str:
    """The account as the Facebook dialog lists it: its display name, and its id to be sure."""
    name, account_id = account.get("name"), account.get("id")
    return f"{name} (id {account_id})" if name else str(account_id)


KIND = Kind(
    name="channel", section="channels", model=Channel, build=build,
    refs=(Ref(("default_skill",), "skill"), Ref(("default_script",), "script")),
    replace_fields=("type", "account.id"), export=export, label="channel", document=document,
    unmanaged_when_omitted=("default_script",),  # POST /channels cannot clear studioScript (docs/CXONE.md)
    hand=HandWork(create=f"{TOUCHPOINTS} > {{type_label}} > Create channel{{connect}}",
                  update=f"{TOUCHPOINTS} > {{name}} > Edit", delete=f"{TOUCHPOINTS} > {{name}} > Delete",
                  fill=fill, steps=steps),
)
