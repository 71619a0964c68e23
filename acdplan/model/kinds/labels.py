"""How CXone's UI names channel types, agent applications and channel permissions, and which
channel types need a Facebook login (F5)."""

from __future__ import annotations

CHANNEL_TYPE_LABELS = {
    "instagram_direct": "Instagram Direct", "instagram": "Instagram", "facebook_messenger": "Facebook Messenger",
    "facebook": "Facebook", "whatsapp": "WhatsApp", "email": "Email", "chat": "Chat", "sms": "SMS",
}
SOCIAL_LOGIN_TYPES = frozenset({"instagram_direct", "instagram", "facebook_messenger", "facebook", "whatsapp"})


def channel_type_label(channel_type: str) -> str:
    return CHANNEL_TYPE_LABELS.get(channel_type, channel_type.replace("_", " ").title())


APPLICATION_LABELS = {"cxone_agent": "CXone Agent", "max": "MAX"}


def application_label(application: str | None) -> str:
    """The agent application as the Admin screens name it."""
    return APPLICATION_LABELS.get(str(application), str(application))


def permission_label(permission: str) -> str:
    """A channel permission as the role screen's checkbox reads (`send_outbound` -> "Send outbound")."""
    words = permission.replace("_", " ")
    return words[:1].upper() + words[1:]
