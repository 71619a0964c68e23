"""How CXone's UI names channel types, and which types need a Facebook login (F5)."""

from __future__ import annotations

CHANNEL_TYPE_LABELS = {
    "instagram_direct": "Instagram Direct", "instagram": "Instagram", "facebook_messenger": "Facebook Messenger",
    "facebook": "Facebook", "whatsapp": "WhatsApp", "email": "Email", "chat": "Chat", "sms": "SMS",
}
SOCIAL_LOGIN_TYPES = frozenset({"instagram_direct", "instagram", "facebook_messenger", "facebook", "whatsapp"})


def channel_type_label(channel_type: str) -> str:
    return CHANNEL_TYPE_LABELS.get(channel_type, channel_type.replace("_", " ").title())
