"""Where each step is done by hand in CXone (the guide's numbered procedures), for runbooks.

F3, F5, F12 and the guide's procedures give these paths; a plan can be printed as a
click-by-click checklist for tenants managed by hand.
"""

from __future__ import annotations

from acdplan.plan.changes import Action, Change

CHANNEL_TYPE_LABELS = {
    "instagram_direct": "Instagram Direct", "instagram": "Instagram", "facebook_messenger": "Facebook Messenger",
    "facebook": "Facebook", "whatsapp": "WhatsApp", "email": "Email", "chat": "Chat", "sms": "SMS",
}
SOCIAL_LOGIN_TYPES = frozenset({"instagram_direct", "instagram", "facebook_messenger", "facebook", "whatsapp"})

SKILLS = "ACD > Contact Settings > ACD Skills"
TOUCHPOINTS = "ACD > Digital > Digital touchpoints"


def channel_type_label(kind: str) -> str:
    return CHANNEL_TYPE_LABELS.get(kind, kind.replace("_", " ").title())


def ui_path(change: Change) -> str:
    name = change.name
    document = change.after or change.before or {}
    if change.kind == "skill":
        if change.action is Action.CREATE:
            return f"{SKILLS} > Create New > Single Skill"
        if change.action is Action.DELETE:
            return f"{SKILLS} > {name} > Deactivate"
        return f"{SKILLS} > {name} > Edit"
    if change.kind == "channel":
        label = channel_type_label(document.get("type", ""))
        if change.action in (Action.CREATE, Action.REPLACE):
            connect = " > Connect with Facebook" if document.get("type") in SOCIAL_LOGIN_TYPES else ""
            return f"{TOUCHPOINTS} > {label} > Create channel{connect}"
        if change.action is Action.DELETE:
            return f"{TOUCHPOINTS} > {name} > Delete"
        return f"{TOUCHPOINTS} > {name} > Edit"
    if change.kind == "role":
        return f"ACD > Digital > Roles > {name} > Edit > Channels > Edit permissions"
    if change.kind == "routing_queue":
        return f"ACD > Digital > Routing queues > {name} > Filters > Conditions"
    if change.kind == "agent":
        return f"Admin > Users > {name} > Edit"
    if change.kind == "tenant":
        return "ACD > Digital > SLA"
    return ""


def runbook_steps(change: Change) -> list[str]:
    """The clicks for one change, in the guide's order."""
    document = change.after or {}
    name = change.name
    if change.kind == "skill" and change.action in (Action.CREATE, Action.REPLACE):
        steps = [f"Open {SKILLS} > Create New > Single Skill (needs Skills - Create, F15).",
                 f"Set Media Type to {document.get('media', 'digital').title()}, Skill Name to {name}, "
                 f"Campaign to {document.get('campaign')}."]
        if document.get("routing"):
            steps.append("In Routing configuration, set the evaluation criteria and preferred-agent settings (F22).")
        if document.get("service_level"):
            level = document["service_level"]
            steps.append(f"In Service level, set goal {level.get('goal_percent')}% within {level.get('threshold_seconds')} s (F23).")
        steps.append("Click Create.")
        return steps
    if change.kind == "channel" and change.action in (Action.CREATE, Action.REPLACE):
        steps = [f"Open {TOUCHPOINTS} > {channel_type_label(document.get('type', ''))} > Create channel."]
        if document.get("type") in SOCIAL_LOGIN_TYPES:
            account = document.get("account", {})
            steps += ["Click Connect with Facebook and log in to the Facebook business account (F5).",
                      f"Pick the account {account.get('name') or account.get('id')} and click Create."]
        steps += [f"Open {TOUCHPOINTS} > {name} > Edit: Studio script {document.get('default_script')}, "
                  f"default skill {document.get('default_skill')}; Save (F3)."]
        if document.get("sla"):
            choice = "YES (global SLA)" if document["sla"] == "global" else "NO, DIFFERENT, with the channel's own times"
            steps.append(f"Open ACD > Digital > SLA > {name} > Edit: choose {choice} (F26).")
        return steps
    if change.kind == "role" and change.action is not Action.DELETE:
        steps = [f"Open ACD > Digital > Roles > {name} > Edit (F12)."]
        for channel, permissions in (document.get("channels") or {}).items():
            steps.append(f"Channels > {channel} > Edit permissions: tick {', '.join(permissions)}; Save.")
        return steps
    steps = [f"Open {ui_path(change)}."]
    for attribute in change.attributes:
        steps.append(f"Set {attribute.path} to {attribute.after!r} (was {attribute.before!r}).")
    if change.action is Action.DELETE:
        steps.append("Deactivate it." if change.kind == "skill" else "Delete it.")
    return steps
