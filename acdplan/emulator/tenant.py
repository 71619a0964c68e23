"""The emulated tenant: CXone objects in the shapes NICE publishes, held in memory (optionally a file).

Written from the published evidence (docs/CXONE.md, tests/providers/cxone/evidence/), not from the
provider: it imports nothing of `acdplan.providers`. Every method is called under the tenant's lock.
"""

from __future__ import annotations

import copy
import json
import os
import tempfile
import threading
from collections import Counter
from pathlib import Path

MEDIA_TYPE_NAMES = {
    1: "Email",
    3: "Chat",
    4: "Phone Call",
    5: "Voice Mail",
    6: "Work Item",
    7: "SMS",
    8: "Social",
    9: "Digital",
}
# channel type -> (realExternalPlatformId, externalPlatformIcon) of cj:DigitalChannelService.ts ChannelV2
PLATFORMS = {
    "instagram_direct": ("instagram", "instagram-dm"),
    "instagram": ("instagram", "instagram"),
    "facebook_messenger": ("facebook", "facebook-messenger"),
    "facebook": ("facebook", "facebook"),
    "whatsapp": ("whatsapp", "whatsapp"),
    "email": ("email", "email"),
    "chat": ("chat", "livechat"),
    "sms": ("sms", "sms"),
    "twitter": ("twitter", "twitter"),
    "apple_messages": ("apple-business-chat", "apple-imessage"),
    "line": ("line", "line-message"),
    "viber": ("viber", "viber"),
}


def empty_data() -> dict:
    return {
        "businessUnit": {
            "businessUnitId": 4600001,
            "businessUnitName": "Emulated business unit",
            "tenantId": "11ee0000-0000-0000-0000-emulated0001",
            "defaultTimeZone": "UTC",
            "isActive": True,
        },
        "campaigns": {},
        "scripts": {},
        "templates": {},
        "skills": {},
        "agents": {},
        "assignments": {},
        "channels": {},
        "roles": {},
        "security_profiles": {},  # roleId -> AdminGeneral_SecurityProfile (cj:AdminGeneralService.ts)
        "queues": {},
        "nextId": 1001,
    }


class EmulatedTenant:
    def __init__(self, path: str | os.PathLike | None = None):
        self.lock = threading.RLock()
        self.path = Path(path) if path else None
        if self.path is not None:  # saved by renaming over it: only ever a regular file (issue 20)
            from acdplan.state.atomic import refuse_unless_regular

            refuse_unless_regular(self.path)
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

    # --- what a person or NICE makes (seeding) ------------------------------------------------
    def add_campaign(self, name: str) -> int:
        with self.lock:
            campaign_id = self.new_id()
            self.data["campaigns"][str(campaign_id)] = {
                "id": campaign_id,
                "name": name,
                "isActive": True,
                "description": "",
                "notes": "",
            }
            self.save()
            return campaign_id

    def add_script(self, name: str) -> int:
        with self.lock:
            script_id = self.new_id()
            self.data["scripts"][str(script_id)] = {
                "masterID": script_id,
                "scriptName": name,
                "status": "Active",
                "mediaType": 9,
            }
            self.save()
            return script_id

    def add_template(self, name: str) -> int:
        with self.lock:
            template_id = self.new_id()
            self.data["templates"][str(template_id)] = {
                "templateId": template_id,
                "templateName": name,
                "templateTypeId": 1,
                "templateTypeDesc": "Digital",
                "isActive": True,
            }
            self.save()
            return template_id

    def add_user(self, username: str, **fields) -> int:
        with self.lock:
            agent_id = self.new_id()
            first, _, rest = username.partition("@")
            self.data["agents"][str(agent_id)] = {
                "agentId": agent_id,
                "userName": username,
                "firstName": first,
                "lastName": rest or "User",
                "emailAddress": username,
                "isActive": True,
                "notes": "",
                "teamId": 1,
                "DigitalEngagementEnabled": False,
                "roleId": None,
                **fields,
            }
            self.save()
            return agent_id

    def add_role(self, name: str, **fields) -> str:
        with self.lock:
            role_id = f"11ee{self.new_id():08d}-role"
            self.data["roles"][role_id] = {
                "roleId": role_id,
                "roleName": name,
                "status": "ACTIVE",
                "description": "",
                "permissions": [],
                "applications": [],
                **fields,
            }
            self.save()
            return role_id

    def set_role_permissions(self, role_id: str, permissions: list[str] | None = None,
                             profile: list[dict] | None = None, applications: list[dict] | None = None) -> None:
        """What a person sets in Admin > Security > Roles: RoleV1 `permissions[{permission}]` and
        `applications`, and the role's security profile `permissions[{permissionKey, optionKeys}]`."""
        with self.lock:
            role = self.data["roles"][role_id]
            if permissions is not None:
                role["permissions"] = [{"permission": key} for key in permissions]
            if applications is not None:
                role["applications"] = applications
            if profile is not None:
                profiles = self.data.setdefault("security_profiles", {})
                profiles[role_id] = {"roleId": role_id, "securityProfileId": self.new_id(),
                                     "securityProfileName": role["roleName"], "description": "",
                                     "securityProfileStatusName": "Active", "isInternal": False,
                                     "permissions": profile, "dataRestrictions": []}
            self.save()

    def add_routing_queue(self, name: str) -> str:
        with self.lock:
            queue_id = f"queue_{self.new_id()}"
            self.data["queues"][queue_id] = {"id": queue_id, "name": name, "isSubqueue": False, "isDeleted": False}
            self.save()
            return queue_id

    def add_channel(self, name: str, channel_type: str, account_id: str, **fields) -> str:
        """A channel as a person makes it in the UI (no public API creates one)."""
        with self.lock:
            platform, icon = PLATFORMS.get(channel_type, (channel_type.replace("_", "-"), channel_type))
            channel_id = f"chan_{self.new_id()}"
            self.data["channels"][channel_id] = {
                "id": channel_id,
                "idOnExternalPlatform": str(account_id),
                "realExternalPlatformId": platform,
                "externalPlatformIcon": icon,
                "name": name,
                "channelIntegrationId": f"integration-{platform}",
                "isPrivate": True,
                "hasTreeStructure": False,
                **fields,
            }
            self.creates[("channels", name)] += 1
            self.save()
            return channel_id

    def add_skill(self, name: str, campaign: str, media_type_id: int = 9, **fields) -> int:
        with self.lock:
            skill = self.skill_defaults()
            skill.update(
                {"skillName": name, "campaignId": self.campaign_id(campaign), "mediaTypeId": media_type_id}, **fields
            )
            skill_id = self.store_skill(skill)
            self.save()
            return skill_id

    def assign_skill(self, agent_id: int, skill_id: int, proficiency: int = 1) -> None:
        with self.lock:
            self.data["assignments"][f"{agent_id}:{skill_id}"] = {
                "agentId": agent_id,
                "skillId": skill_id,
                "agentProficiencyValue": proficiency,
                "isActive": True,
            }
            self.save()

    # --- lookups --------------------------------------------------------------------------------
    def campaign_id(self, name: str) -> int:
        for campaign in self.data["campaigns"].values():
            if campaign["name"] == name:
                return campaign["id"]
        return self.add_campaign(name)

    def find(self, collection: str, key: str, value) -> dict | None:
        for item in self.data[collection].values():
            if item.get(key) == value:
                return item
        return None

    @staticmethod
    def skill_defaults() -> dict:
        return {
            "isActive": True,
            "isOutbound": False,
            "outboundStrategy": None,
            "notes": "",
            # What a skill created without them holds: PSInContact New-ICSkill.ps1 sends these
            # defaults (serviceLevelGoal 90, serviceLevelThreshold 30, enableShortAbandon false,
            # shortAbandonThreshold 15) with every skill it creates.
            "serviceLevelGoal": 90,
            "serviceLevelThreshold": 30,
            "enableShortAbandon": False,
            "shortAbandonThreshold": 15,
            "useScreenPops": False,
            "requireManualAccept": False,
            "messageTemplateId": None,
            "IsSubSkill": False,
            "agentResponseEnabled": False,
            "agentFirstResponseTime": None,
            "customerResponseEnabled": False,
            "customerIdleTime": None,
        }

    def store_skill(self, skill: dict) -> int:
        skill_id = self.new_id()
        skill["skillId"] = skill_id
        media_type = skill.get("mediaTypeId")
        skill["mediaTypeName"] = "Unknown" if media_type is None else MEDIA_TYPE_NAMES.get(media_type, "Unknown")
        campaign = self.data["campaigns"].get(str(skill.get("campaignId")))
        skill["campaignName"] = campaign["name"] if campaign else ""
        self.data["skills"][str(skill_id)] = skill
        return skill_id

    # --- what tests check ------------------------------------------------------------------------
    def active_names(self, collection: str) -> list[str]:
        with self.lock:
            key = {
                "skills": "skillName",
                "agents": "userName",
                "campaigns": "name",
                "scripts": "scriptName",
                "roles": "roleName",
            }.get(collection, "name")
            return sorted(item[key] for item in self.data[collection].values() if item.get("isActive", True))

    def duplicates(self) -> dict:
        """Objects created more than once, or names held by several active objects."""
        with self.lock:
            found = {f"{collection}:{name}": count for (collection, name), count in self.creates.items() if count > 1}
            for collection in ("skills", "channels"):
                names = Counter(self.active_names(collection))
                found.update({f"{collection}:{name} (active)": count for name, count in names.items() if count > 1})
            return found
