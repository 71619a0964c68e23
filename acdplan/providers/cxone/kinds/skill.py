"""ACD skills: read from `GET /skills`, created in batches by `POST /skills {skills: [...]}`,
changed by `PUT /skills/{id} {skill: {...}}` (cj:admin/AdminSkillsService.ts), deactivated, never removed.

Fields by their published names (cj:AdminSkillsService.ts getSkillsId, postSkills, putSkillsId;
agent-sdk skill-api-parser.js). What the API only reads (sub-skill, response countdowns) or
neither reads nor writes (BYOC, digital routing) is a manual step: the plan gives the values.
"""

from __future__ import annotations

import threading
from functools import partial
from typing import ClassVar, cast

from acdplan.plan.changes import Action, Change
from acdplan.plan.manual_steps import ABSENT
from acdplan.providers.base import TenantSnapshot
from acdplan.providers.coverage import Operation
from acdplan.providers.cxone import routes
from acdplan.providers.cxone.client import CxoneClient, CxoneError, Found, admin_page_items
from acdplan.providers.cxone.kinds.base import (
    Adapter,
    KindRead,
    MappingError,
    Note,
    NotInTenant,
    Sources,
    changed_fields,
    refused_outright,
    reply_body,
    values_text,
)

MEDIA_TYPE_IDS = {  # ps:New-ICSkill.ps1 (EMAIL 1, CHAT 3, PHONE 4, VOICEMAIL 5, WORKITEM 6, SMS 7, SOCIAL 8, DIGITAL 9)
    "email": 1,
    "chat": 3,
    "voice": 4,
    "voicemail": 5,
    "work_item": 6,
    "sms": 7,
    "social": 8,
    "digital": 9,
}
MEDIA_NAMES = {number: name for name, number in MEDIA_TYPE_IDS.items()}
DIGITAL_MEDIA_TYPE_ID = MEDIA_TYPE_IDS["digital"]
PERSONAL_CONNECTION = "Personal Connection"  # outboundStrategy value: the field is published, this value is not
BATCH = 100  # skills per POST /skills
# Fields no public API writes: a person sets them (the plan says where and to what).
MANUAL_FIELDS = frozenset(
    {"sub_skill", "byoc", "routing", "agent_response_countdown_seconds", "customer_response_countdown"}
)
UPDATE_ONLY_ON_CREATE = frozenset({"direction", "personal_connection"})  # POST has them, PUT does not


def list_skills(client: CxoneClient) -> list[dict]:
    return client.admin_list(routes.SKILLS, "skills")


def list_campaigns(client: CxoneClient) -> list[dict]:
    return client.admin_list(routes.CAMPAIGNS, "campaigns")


def list_templates(client: CxoneClient) -> list[dict]:
    return admin_page_items(client.get_json(client.admin_url(routes.MESSAGE_TEMPLATES)), "messageTemplates")[0]


def campaign_names(items: list[dict]) -> dict:
    """{id, name} (cj:AdminSkillsService.ts getCampaigns, v33) or the older {campaignId, campaignName}."""
    return {item.get("id", item.get("campaignId")): item.get("name", item.get("campaignName")) for item in items}


def template_names(items: list[dict]) -> dict:
    return {item.get("templateId"): item.get("templateName") for item in items}


def skill_document(raw: dict, campaigns: dict, templates: dict) -> tuple[dict, list[Note]]:
    notes: list[Note] = []
    media_id = raw.get("mediaTypeId")
    media = MEDIA_NAMES.get(media_id) if media_id is not None else None
    if media is None:
        media = f"cxone_media_type_{media_id}"
        notes.append(("media", f"media type {media_id} ({raw.get('mediaTypeName') or 'no name'}) has no acdplan name"))
    document: dict = {
        "media": media,
        "direction": "outbound" if raw.get("isOutbound") else "inbound",
        "personal_connection": raw.get("outboundStrategy") == PERSONAL_CONNECTION,
        "byoc": False,  # no public field
        "sub_skill": bool(raw.get("IsSubSkill", raw.get("isSubSkill"))),
        "popurl": bool(raw.get("useScreenPops")),
        "accept_reject": bool(raw.get("requireManualAccept")),
    }
    campaign = campaigns.get(raw.get("campaignId")) or raw.get("campaignName")
    if campaign:
        document["campaign"] = campaign
    else:
        notes.append(("campaign", f"campaign id {raw.get('campaignId')} not found in the tenant"))
    template_id = raw.get("messageTemplateId")
    if template_id:
        if templates.get(template_id):
            document["message_template"] = templates[template_id]
        else:
            notes.append(("message_template", f"message template id {template_id} not found in the tenant"))
    level = {}
    if raw.get("serviceLevelGoal") is not None:
        level["goal_percent"] = int(raw["serviceLevelGoal"])
    if raw.get("serviceLevelThreshold") is not None:
        level["threshold_seconds"] = int(raw["serviceLevelThreshold"])
    if level and not raw.get("isOutbound"):  # F23: an outbound skill has no service level (the API holds one)
        document["service_level"] = level
    if raw.get("agentResponseEnabled") and raw.get("agentFirstResponseTime") is not None:
        document["agent_response_countdown_seconds"] = int(raw["agentFirstResponseTime"])
    if raw.get("customerResponseEnabled") and raw.get("customerIdleTime") is not None:
        document["customer_response_countdown"] = {"seconds": int(raw["customerIdleTime"]), "unassign": False}
    if raw.get("notes"):
        document["description"] = raw["notes"]
    return document, notes


def skill_fields(name: str, document: dict, campaign_id, template_id) -> dict:
    """The fields both POST and PUT take (cj:AdminSkillsService.ts postSkills / putSkillsId)."""
    level = document.get("service_level") or {}
    fields = {
        "skillName": name,
        "campaignId": campaign_id,
        "notes": document.get("description") or "",
        "useScreenPops": bool(document.get("popurl")),
        "requireManualAccept": bool(document.get("accept_reject")),
    }
    if level.get("goal_percent") is not None:
        fields["serviceLevelGoal"] = level["goal_percent"]
    if level.get("threshold_seconds") is not None:
        fields["serviceLevelThreshold"] = level["threshold_seconds"]
    if template_id is not None:
        fields["messageTemplateId"] = template_id
    return fields


def media_type_id(document: dict) -> int:
    media = document.get("media", "digital")
    if media not in MEDIA_TYPE_IDS:
        raise MappingError(f"media {media!r} has no CXone media type id (known: {', '.join(MEDIA_TYPE_IDS)})")
    return MEDIA_TYPE_IDS[media]


def create_item(name: str, document: dict, campaign_id, template_id) -> dict:
    item = {
        "mediaTypeId": media_type_id(document),
        "isOutbound": document.get("direction") == "outbound",
        **skill_fields(name, document, campaign_id, template_id),
    }
    if document.get("personal_connection"):
        item["outboundStrategy"] = PERSONAL_CONNECTION
    return item


def retired_skill_name(name: str, skill_id) -> str:
    """The name a replaced skill keeps once deactivated, so the new one can take its name (2..30 chars, F16)."""
    suffix = f"_old{skill_id}"
    return f"{name[: 30 - len(suffix)]}{suffix}"


class SkillAdapter(Adapter):
    kind = "skill"
    # create, update and deactivate through the admin skills API (docs/CXONE.md)
    supports = frozenset({Operation.READ, Operation.CREATE, Operation.UPDATE, Operation.DELETE})
    sources: ClassVar[Sources] = {"skills": list_skills, "campaigns": list_campaigns, "templates": list_templates}
    optional_sources = frozenset({"templates"})  # refused: skills still read, their templates noted as unmapped
    unread = ("byoc", "routing", "customer_response_countdown.unassign")  # no published field

    def unwritten(self, change: Change) -> dict[str, object]:
        """POST and PUT have no field for these (a new skill has none of them set); PUT has no
        direction nor outbound strategy (cj:AdminSkillsService.ts postSkills / putSkillsId)."""
        fields: dict[str, object] = {"byoc": False, "routing": ABSENT, "sub_skill": False,
                                     "agent_response_countdown_seconds": ABSENT, "customer_response_countdown": ABSENT}
        if change.action is Action.UPDATE:
            fields.update({name: ABSENT for name in UPDATE_ONLY_ON_CREATE})
        return fields

    def __init__(self, context):
        super().__init__(context)
        self._batch_lock = threading.Lock()
        self._pending: dict[str, Change] = {}  # planned creates not yet sent
        self._outcomes: dict[str, object] = {}  # name -> skill id, or the CxoneError of its item
        self._sent: set[str] = set()  # names in a POST the tenant may have carried out (not a 4xx)

    # --- reading ---------------------------------------------------------------------------
    def build(self, raw: dict) -> KindRead:
        campaigns = campaign_names(raw.get("campaigns") or [])
        templates = template_names(raw.get("templates") or [])
        read = self.read_of_kind()
        active = [item for item in raw["skills"] if item.get("isActive", True)]
        for item in sorted(active, key=lambda item: str(item.get("skillId"))):
            document, notes = skill_document(item, campaigns, templates)
            read.keep(item.get("skillName"), item.get("skillId"), document, notes)
        with self.context.lock:
            self.context.ids["campaign"] = {name: cid for cid, name in campaigns.items() if name}
            self.context.ids["template"] = {name: tid for tid, name in templates.items() if name}
            self.context.ids["skill"] = dict(read.ids)
            self.context.raw["digital_skill_ids"] = {
                item.get("skillId") for item in active if item.get("mediaTypeId") == DIGITAL_MEDIA_TYPE_ID
            }
        return read

    # --- manual steps ----------------------------------------------------------------------
    def manual_reason(self, change: Change, snapshot: TenantSnapshot) -> str | None:
        if change.action is not Action.UPDATE:
            return None  # a create sets what the API can; what is left shows on the next plan
        changed = changed_fields(change)
        manual = changed & (MANUAL_FIELDS | UPDATE_ONLY_ON_CREATE)
        if not manual or changed - manual:
            return None
        return (
            f"no public CXone API sets {', '.join(sorted(manual))} of a skill: open ACD > Contact Settings > "
            f"Skills > {change.name} and set {values_text(change.after or {}, manual)}; "
            f"the next plan reads back what the API can read"
        )

    # --- writing ---------------------------------------------------------------------------
    def prepare(self, changes: list[Change]) -> None:
        with self._batch_lock:
            self._pending = {
                change.name: change for change in changes if change.action is Action.CREATE and not change.manual
            }

    def _ids(self, document: dict) -> tuple[object, object]:
        refresh_campaigns = lambda: {n: i for i, n in campaign_names(list_campaigns(self.client)).items() if n}  # noqa: E731
        refresh_templates = lambda: {n: i for i, n in template_names(list_templates(self.client)).items() if n}  # noqa: E731
        campaign_id = self.context.lookup("campaign", document.get("campaign"), refresh_campaigns)
        template_id = self.context.lookup("template", document.get("message_template"), refresh_templates)
        return campaign_id, template_id

    def _skill_ids(self) -> dict[str | None, object]:
        """Active skills by name, freshly listed (POST /skills answers no ids)."""
        found: dict[str | None, object] = {}
        for item in sorted(list_skills(self.client), key=lambda item: str(item.get("skillId")), reverse=True):
            if item.get("isActive", True):
                found[item.get("skillName")] = item.get("skillId")
        return found

    def _made_among(self, names: list[str]) -> set[str | None] | None:
        """Which of `names` the tenant now holds (None: none of them), to settle a create in doubt."""
        return {n for n in self._skill_ids() if n in names} or None

    def _send_batch(self, changes: list[Change]) -> None:
        """POST /skills in batches of BATCH, then one listing for the ids (the answer has none); each
        item's result (skillsResults) is its step's outcome. A call whose outcome is unknown (no
        answer, a 5xx, an answer cut short) is settled by that listing: what it holds was made."""
        for start in range(0, len(changes), BATCH):
            self._post(changes[start : start + BATCH])
        ids = self._skill_ids()
        for change in changes:
            if change.name in self._outcomes:
                continue
            if change.name in ids:
                self._outcomes[change.name] = ids[change.name]
                self.context.remember("skill", change.name, ids[change.name])
            else:
                self._outcomes[change.name] = CxoneError(
                    f"the skill was accepted but cannot be found by its name {change.name!r}"
                )

    def _post(self, changes: list[Change]) -> None:
        items = []
        for change in changes:
            try:
                items.append(
                    (change.name, create_item(change.name, change.after or {}, *self._ids(change.after or {})))
                )
            except (MappingError, NotInTenant) as error:
                self._outcomes[change.name] = CxoneError(str(error))
        while items:
            url = self.client.admin_url(routes.SKILLS)
            names = [name for name, _ in items]
            try:
                result = self.client.create(
                    url,
                    {"skills": [body for _, body in items]},
                    find=partial(self._made_among, names),
                )
            except CxoneError as error:
                if refused_outright(error):
                    for name in names:
                        self._outcomes[name] = error
                else:  # carried out or not: the listing after the batch tells
                    self._sent.update(names)
                return
            self._sent.update(names)
            if isinstance(result, Found):  # a failure in doubt: some were made; send the others again
                made = cast(set, result.value)  # what `_made_among` found: never None, or no Found
                items = [(name, body) for name, body in items if name not in made]
                continue
            body, readable = reply_body(result)
            results = body.get("skillsResults") if readable and isinstance(body, dict) else None
            for index, (name, _) in enumerate(items):  # an answer cut short: the listing tells
                entry = results[index] if isinstance(results, list) and index < len(results) else None
                if isinstance(entry, dict) and entry.get("success") is False:
                    self._outcomes[name] = CxoneError(
                        f"the tenant refused it: {entry.get('error') or 'no reason given'}"
                    )
            break

    def unreported(self) -> tuple[dict[str, object], set[str]]:
        """Skills the batch made whose steps never took the id, and those a POST may have made
        though its item said it failed (read back by the applier before they are recorded)."""
        with self._batch_lock:
            written = {name: found for name, found in self._outcomes.items() if not isinstance(found, CxoneError)}
            return written, self._sent - written.keys()

    def create(self, change: Change):
        with self._batch_lock:
            if change.name not in self._outcomes:
                batch = [change] + [
                    other for name, other in self._pending.items() if name != change.name and name not in self._outcomes
                ]
                self._pending = {}
                self._send_batch(batch)
            outcome = self._outcomes.pop(change.name)
        if isinstance(outcome, CxoneError):
            raise outcome
        return outcome

    def _skill_id(self, change: Change):
        if change.tenant_id:
            return int(change.tenant_id) if str(change.tenant_id).isdigit() else change.tenant_id
        source = change.renamed_from or change.name
        found = self._skill_ids().get(source)
        if found is None:
            raise NotInTenant(f"skill {source!r} is not in the tenant any more")
        return found

    def _put(self, skill_id, fields: dict) -> None:
        response = self.client.request(
            "PUT", self.client.admin_url(routes.skill_path(skill_id)), json_body={"skill": fields}
        )
        body = response.json() if response.content else {}
        if isinstance(body, dict) and body.get("success") is False:
            raise CxoneError(f"the tenant refused it: {body.get('error') or 'no reason given'}")

    def update(self, change: Change):
        skill_id = self._skill_id(change)
        document = change.after or {}
        fields = skill_fields(change.name, document, *self._ids(document))
        fields["mediatypeid"] = media_type_id(document)  # PUT spells it so (cj:putSkillsId)
        self._put(skill_id, fields)
        if change.renamed_from:
            self.context.forget("skill", change.renamed_from)
        self.context.remember("skill", change.name, skill_id)
        return skill_id

    def delete(self, change: Change):
        skill_id = self._skill_id(change)
        self._put(skill_id, {"isActive": False})  # deactivated: ACD skills are never removed
        self.context.forget("skill", change.name)
        return None

    def replace(self, change: Change):
        skill_id = self._skill_id(change)
        self._put(skill_id, {"skillName": retired_skill_name(change.name, skill_id), "isActive": False})
        self.context.forget("skill", change.name)
        with self._batch_lock:
            self._send_batch([change])
            outcome = self._outcomes.pop(change.name)
        if isinstance(outcome, CxoneError):
            raise outcome
        return outcome
