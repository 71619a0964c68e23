"""The emulated tenant: CXone objects in CXone's own shapes, held in memory (optionally in a file).

This is the emulator's model of the tenant, written from the API's side: it does not import the
provider's mapping, so a test through it checks the provider against an independent reading of
the same shapes (docs/CXONE.md). Every method is called under the tenant's lock.
"""

from __future__ import annotations

import copy
import json
import os
import tempfile
import threading
from collections import Counter
from pathlib import Path

ALL_PERMISSIONS = ("Skills - View", "Skills - Create", "Skills - Edit", "Users - Edit", "Digital - Edit",
                   "Business Unit - Edit")
MEDIA_TYPE_NAMES = {1: "Email", 3: "Chat", 4: "Phone Call", 5: "Voice Mail", 6: "Work Item", 7: "SMS", 8: "Social",
                    9: "Digital"}
SOCIAL_PLATFORMS = frozenset({"instagram-direct", "instagram", "facebook-messenger", "facebook", "whatsapp"})


def platform_of(channel_type: str) -> str:
    return channel_type.replace("_", "-")


def empty_data() -> dict:
    return {
        "businessUnit": {"businessUnitId": 4600001, "businessUnitName": "Emulated business unit",
                         "tenantId": "11ee0000-0000-0000-0000-emulated0001",
                         "defaultAgentApplication": "CXoneAgent", "dynamicDeliveryEnabled": False},
        "slaSettings": {"workingHours": None, "globalSla": None},
        "campaigns": {}, "scripts": {}, "skills": {}, "agents": {}, "assignments": {},
        "channels": {}, "accounts": {}, "roles": {}, "queues": {},
        "nextId": 1001,
    }


class EmulatedTenant:
    def __init__(self, path: str | os.PathLike | None = None):
        self.lock = threading.RLock()
        self.path = Path(path) if path else None
        self.data = empty_data()
        self.creates: Counter = Counter()  # (collection, name) -> creates carried out
        if self.path is not None and self.path.exists():
            self.data.update(json.loads(self.path.read_text(encoding="utf-8")))

    # --- persistence -----------------------------------------------------------------------
    def save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=self.path.name, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(self.data, out, indent=1, sort_keys=True)
        os.replace(temporary, self.path)

    def dump(self) -> dict:
        with self.lock:
            return copy.deepcopy(self.data)

    def new_id(self) -> int:
        number = self.data["nextId"]
        self.data["nextId"] = number + 1
        return number

    # --- seeding (objects "made by hand" in the tenant) -------------------------------------
    def add_campaign(self, name: str) -> int:
        with self.lock:
            campaign_id = self.new_id()
            self.data["campaigns"][str(campaign_id)] = {"campaignId": campaign_id, "campaignName": name, "isActive": True,
                                                        "description": "", "notes": ""}
            self.save()
            return campaign_id

    def add_script(self, name: str) -> int:
        with self.lock:
            script_id = self.new_id()
            self.data["scripts"][str(script_id)] = {"scriptId": script_id, "scriptName": name, "mediaTypeId": 9,
                                                    "isActive": True}
            self.save()
            return script_id

    def add_user(self, username: str, **fields) -> int:
        with self.lock:
            agent_id = self.new_id()
            first, _, rest = username.partition("@")
            self.data["agents"][str(agent_id)] = {
                "agentId": agent_id, "userName": username, "firstName": first, "lastName": rest or "User",
                "emailAddress": username, "isActive": True, "notes": "", "agentApplication": None,
                "digitalEngagementEnabled": False, "digitalRoleId": None, **fields}
            self.save()
            return agent_id

    def add_skill(self, name: str, campaign: str, media_type_id: int = 9, **fields) -> int:
        with self.lock:
            campaign_id = self.campaign_id(campaign)
            skill = self.skill_defaults()
            skill.update({"skillName": name, "campaignId": campaign_id, "mediaTypeId": media_type_id}, **fields)
            skill_id = self._store_skill(skill)
            self.save()
            return skill_id

    def authorize(self, channel_type: str, account_id: str, name: str | None = None) -> None:
        """What a person's Facebook login leaves in the tenant (F5): the account may now get a channel."""
        with self.lock:
            platform = platform_of(channel_type)
            self.data["accounts"][f"{platform}:{account_id}"] = {
                "platform": platform, "idOnExternalPlatform": str(account_id), "name": name or str(account_id),
                "authorized": True}
            self.save()

    def add_channel(self, name: str, channel_type: str, account_id: str, **fields) -> str:
        with self.lock:
            channel = {"name": name, "platform": platform_of(channel_type), "idOnExternalPlatform": str(account_id),
                       "externalPlatformName": fields.pop("account_name", None),
                       "accountProperties": {"professional": False, "allowMessageAccess": False},
                       "defaultSkillId": None, "defaultScriptId": None, "slaPolicy": None, "description": None}
            channel.update(fields)
            channel_id = f"chan_{self.new_id()}"
            channel["id"] = channel_id
            self.data["channels"][channel_id] = channel
            self.save()
            return channel_id

    def add_role(self, name: str, **fields) -> str:
        with self.lock:
            role_id = f"role_{self.new_id()}"
            role = {"id": role_id, "name": name, "description": None, "handlesContacts": True,
                    "adminPermissions": [], "channelPermissions": []}
            role.update(fields)
            self.data["roles"][role_id] = role
            self.save()
            return role_id

    def add_routing_queue(self, name: str, filters: list | None = None) -> str:
        with self.lock:
            queue_id = f"queue_{self.new_id()}"
            self.data["queues"][queue_id] = {"id": queue_id, "name": name, "filters": list(filters or [])}
            self.save()
            return queue_id

    def assign_skill(self, agent_id: int, skill_id: int, proficiency: int = 1) -> None:
        with self.lock:
            self.data["assignments"][f"{agent_id}:{skill_id}"] = {
                "agentId": agent_id, "skillId": skill_id, "agentProficiencyValue": proficiency, "isActive": True}
            self.save()

    # --- lookups --------------------------------------------------------------------------------
    def campaign_id(self, name: str) -> int:
        for campaign in self.data["campaigns"].values():
            if campaign["campaignName"] == name:
                return campaign["campaignId"]
        return self.add_campaign(name)

    def find(self, collection: str, key: str, value) -> dict | None:
        for item in self.data[collection].values():
            if item.get(key) == value:
                return item
        return None

    @staticmethod
    def skill_defaults() -> dict:
        return {"isActive": True, "isOutbound": False, "notes": "", "serviceLevelGoal": None,
                "serviceLevelThreshold": None, "messageTemplateName": None, "personalConnection": False,
                "byoc": False, "isSubSkill": False, "useScreenPops": False, "acceptRejectEnabled": False,
                "digitalRouting": None, "agentResponseCountdownSeconds": None, "customerResponseCountdown": None}

    def _store_skill(self, skill: dict) -> int:
        skill_id = self.new_id()
        skill["skillId"] = skill_id
        skill["mediaTypeName"] = MEDIA_TYPE_NAMES.get(skill.get("mediaTypeId"), "Unknown")
        campaign = self.data["campaigns"].get(str(skill.get("campaignId")))
        skill["campaignName"] = campaign["campaignName"] if campaign else ""
        self.data["skills"][str(skill_id)] = skill
        return skill_id

    # --- what tests check ------------------------------------------------------------------------
    def active_names(self, collection: str) -> list[str]:
        """Names of the active objects of a collection (skills: active only)."""
        with self.lock:
            key = {"skills": "skillName", "agents": "userName", "campaigns": "campaignName",
                   "scripts": "scriptName"}.get(collection, "name")
            return sorted(item[key] for item in self.data[collection].values() if item.get("isActive", True))

    def duplicates(self) -> dict:
        """Objects created more than once, or names held by several active objects."""
        with self.lock:
            found = {f"{collection}:{name}": count for (collection, name), count in self.creates.items() if count > 1}
            for collection in ("skills", "channels", "roles"):
                names = Counter(self.active_names(collection))
                found.update({f"{collection}:{name} (active)": count for name, count in names.items() if count > 1})
            return found
