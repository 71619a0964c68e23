"""The small two-step tenant engine tests share: BEFORE, then AFTER (a skill dropped, a WhatsApp
channel, a skill and an agent added), and a sandbox where that WhatsApp channel needs a person.

A fixture module: tests import it, never one another (tests/architecture/test_test_modules.py)."""

from __future__ import annotations

import copy

from acdplan.providers.local import LocalProvider

BEFORE = {
    "tenant": {"dynamic_delivery": True},
    "campaigns": {"Social": {}}, "scripts": {"Routing": {}},
    "skills": {"IG_FR": {"campaign": "Social"}, "OLD_FR": {"campaign": "Social"}},
    "channels": {"IG": {"type": "instagram_direct", "account": {"id": "1", "professional": True,
                                                                  "allow_message_access": True},
                        "default_skill": "OLD_FR", "default_script": "Routing", "sla": "global"}},
    "roles": {"Agents": {"admin_permissions": ["skills.view"], "channels": {"IG": ["reply", "view"]}}},
    "agents": {"a@example.com": {"role": "Agents", "digital_engagement": True, "skills": {"OLD_FR": 1}}},
}
AFTER = copy.deepcopy(BEFORE)
del AFTER["skills"]["OLD_FR"]
AFTER["skills"]["WA_FR"] = {"campaign": "Social"}
AFTER["channels"]["IG"]["default_skill"] = "IG_FR"
AFTER["channels"]["WA"] = {"type": "whatsapp", "account": {"id": "2"}, "default_skill": "WA_FR",
                           "default_script": "Routing", "sla": "global"}
AFTER["roles"]["Agents"]["channels"]["WA"] = ["reply", "view"]
AFTER["agents"]["a@example.com"]["skills"] = {"IG_FR": 2, "WA_FR": 1}
AFTER["agents"]["b@example.com"] = {"role": "Agents", "digital_engagement": True, "skills": {"WA_FR": 1}}


class NeedsAPerson(LocalProvider):
    """A sandbox where social accounts are not authorised yet: creating their channel is manual (F5)."""

    def manual_reason(self, change, snapshot):
        if change.kind == "channel" and (change.after or {}).get("type") == "whatsapp":
            return "log in with Facebook to authorise the WhatsApp account, then create the channel"
        return None
