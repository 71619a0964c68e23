"""Who can take a channel's contacts (F6, F9, F11): the permissions an agent's roles give on a
channel, and whether digital work reaches the agent at all. One answer for `coverage`, the
capacity forecast and its rule (CP001)."""

from __future__ import annotations

from acdplan.model.kinds.tenant import CXONE_AGENT

REPLY = "reply"
SEND_OUTBOUND = "send_outbound"


def channel_permissions(spec, agent, channel: str) -> frozenset[str]:
    """What the agent's roles may do on `channel` (a role the specs do not declare gives nothing)."""
    granted: set[str] = set()
    for role_name in agent.roles:
        role = spec.roles.get(role_name)
        if role is not None:
            granted |= role.channels.get(channel, frozenset())
    return frozenset(granted)


def unreachable(agent) -> bool:
    """No digital contact reaches a CXone Agent user without the Digital Engagement attribute (F9)."""
    return agent.application == CXONE_AGENT and not agent.digital_engagement
