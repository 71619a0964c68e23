"""Digital channels (points of contact): read from DFO `GET /channels` (a bare array, page/size),
renamed and given their Studio script by `POST /channels` (create/update, the channel's own ids
echoed back), deleted by `DELETE /channels/{id}` (cj:digitalEngagement/DigitalChannelService.ts).

No public API creates a channel (social ones need a person's Facebook login, F5; every type needs
the channel integration's id) or reads/sets a channel's default skill, SLA or account options:
those are manual steps with the values to enter.
"""

from __future__ import annotations

from typing import ClassVar

from acdplan.model.documents import address
from acdplan.model.objects import SOCIAL_ACCOUNT_TYPES
from acdplan.plan.changes import Action, Change
from acdplan.plan.manual_steps import ABSENT
from acdplan.providers.base import TenantSnapshot
from acdplan.providers.coverage import Operation
from acdplan.providers.cxone import routes
from acdplan.providers.cxone.client import CxoneClient
from acdplan.providers.cxone.kinds.base import (
    Adapter,
    KindRead,
    Note,
    NotInTenant,
    Sources,
    changed_fields,
    values_text,
)
from acdplan.report.ui_paths import channel_type_label, ui_path

# realExternalPlatformId / externalPlatformIcon (cj:DigitalChannelService.ts ChannelV2) -> channel type
ICON_TYPES = {
    "instagram-dm": "instagram_direct",
    "facebook-messenger": "facebook_messenger",
    "apple-imessage": "apple_messages",
}
PLATFORM_TYPES = {
    "instagram": "instagram",
    "ig": "instagram",
    "facebook": "facebook",
    "fb": "facebook",
    "whatsapp": "whatsapp",
    "email": "email",
    "in-contact-email": "email",
    "chat": "chat",
    "lc": "chat",
    "sms": "sms",
    "twitter": "twitter",
    "tw": "twitter",
    "apple-business-chat": "apple_messages",
    "line": "line",
    "viber": "viber",
}
API_FIELDS = frozenset({"default_script"})  # with the name, what POST /channels can change
UPSERT_KEYS = (
    "id",
    "idOnExternalPlatform",
    "channelIntegrationId",
    "realExternalPlatformId",
    "isPrivate",
    "hasTreeStructure",
)  # required by NewChannel (cj:DigitalChannelService.ts)


def list_channels(client: CxoneClient) -> list[dict]:
    return client.dfo_list(routes.CHANNELS)


def channel_type(raw: dict) -> str:
    return ICON_TYPES.get(str(raw.get("externalPlatformIcon") or "")) or PLATFORM_TYPES.get(
        str(raw.get("realExternalPlatformId") or ""), str(raw.get("realExternalPlatformId") or "").replace("-", "_")
    )


def channel_document(raw: dict) -> tuple[dict, list[Note]]:
    document: dict = {
        "type": channel_type(raw),
        "account": {
            "id": str(raw.get("idOnExternalPlatform") or ""),
            "professional": False,
            "allow_message_access": False,
        },
    }
    if raw.get("studioScript"):
        document["default_script"] = raw["studioScript"]
    return document, []


class ChannelAdapter(Adapter):
    kind = "channel"
    # DFO's channel upsert and delete; creating one is a person's (F5, manual_reason)
    supports = frozenset({Operation.READ, Operation.UPDATE, Operation.DELETE})
    sources: ClassVar[Sources] = {"channels": list_channels}
    # Not in ChannelV2 (cj:DigitalChannelService.ts): the state says what a person set.
    unread = ("default_skill", "sla", "description", "account.professional", "account.allow_message_access")

    def unwritten(self, change: Change) -> dict[str, object]:
        """POST /channels (NewChannel) renames and sets the Studio script; nothing else."""
        return {"default_skill": ABSENT, "sla": ABSENT, "description": ABSENT, "account": ABSENT}

    def build(self, raw: dict) -> KindRead:
        read = self.read_of_kind()
        for item in sorted(raw["channels"], key=lambda item: str(item.get("id"))):
            document, notes = channel_document(item)
            # The account's display name is in no public channel document: what acdplan last
            # applied (its state) stands for it, as an agent's role does (a write-only value).
            applied_name = ((self.context.applied(address("channel", item.get("name"))) or {}).get("account") or {})
            if isinstance(applied_name, dict) and isinstance(applied_name.get("name"), str):
                document["account"]["name"] = applied_name["name"]
            read.keep(item.get("name"), item.get("id"), document, notes)
        with self.context.lock:
            self.context.ids["channel"] = dict(read.ids)
            self.context.raw["channels"] = {item.get("id"): item for item in raw["channels"]}
        return read

    def manual_reason(self, change: Change, snapshot: TenantSnapshot) -> str | None:
        document = change.after or {}
        if change.action in (Action.CREATE, Action.REPLACE):
            channel_type = document.get("type", "")
            label = channel_type_label(channel_type)
            how = (
                "log in to the Facebook business account and pick the account (F5)"
                if channel_type in SOCIAL_ACCOUNT_TYPES
                else "connect the channel's integration"
            )
            return (
                f"no public CXone API creates {label} channels: open {ui_path(change)}, {how}, name it "
                f"{change.name!r} and set {values_text(document, set(document) - {'type'})}; "
                f"the next plan reads it back"
            )
        if change.action is Action.UPDATE:
            changed = changed_fields(change) - API_FIELDS
            if changed and not change.renamed_from and changed == changed_fields(change):
                return (
                    f"no public CXone API sets a channel's {', '.join(sorted(changed))}: open {ui_path(change)} "
                    f"and set {values_text(document, changed)}"
                )
        return None

    def _item(self, change: Change) -> dict:
        channel_id = change.tenant_id or self.context.known("channel", change.renamed_from or change.name)
        item = self.context.raw.get("channels", {}).get(channel_id) if channel_id else None
        if item is None:
            source = change.renamed_from or change.name
            item = next((entry for entry in list_channels(self.client) if entry.get("name") == source), None)
        if item is None:
            raise NotInTenant(f"channel {change.renamed_from or change.name!r} is not in the tenant any more")
        return item

    def update(self, change: Change):
        item = self._item(change)
        body = {key: item.get(key) for key in UPSERT_KEYS}
        body["name"] = change.name
        script = (change.after or {}).get("default_script")
        if script:
            body["studioScript"] = script
        self.client.request("POST", self.client.dfo_url(routes.CHANNELS), json_body=body, retry_post=True)
        if change.renamed_from:
            self.context.forget("channel", change.renamed_from)
        self.context.remember("channel", change.name, item.get("id"))
        return item.get("id")

    def delete(self, change: Change):
        item = self._item(change)
        self.client.request("DELETE", self.client.dfo_url(routes.channel_path(item.get("id"))), ok=(200, 202, 204, 404))
        self.context.forget("channel", change.name)
        return None
