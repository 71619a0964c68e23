"""Hypothesis strategies for valid spec documents (model-level data, as after schema checks)."""

from __future__ import annotations

from hypothesis import strategies as st

SKILL_NAMES = ["IG_FR", "IG_EN", "MSG_FR", "WA_FR", "MAIL_FR", "CHAT_FR"]
CHANNEL_TYPES = ["instagram_direct", "facebook_messenger", "whatsapp", "email", "chat"]
PERMISSIONS = ["view", "reply", "search_messages", "search_cases"]


@st.composite
def specs(draw) -> dict:
    skill_names = draw(st.lists(st.sampled_from(SKILL_NAMES), min_size=1, max_size=5, unique=True))
    skills = {}
    for name in skill_names:
        body = {"campaign": draw(st.sampled_from(["Social", "Sales"]))}
        if draw(st.booleans()):
            body["routing"] = {"criteria": "preferred_agent", "preferred_agent": {
                "metric": draw(st.sampled_from(["same_contact", "same_case"])),
                "fallback": draw(st.sampled_from(["when_offline", "when_available"])),
                "timeout_seconds": draw(st.integers(1, 5_256_000))}}
        if draw(st.booleans()):
            body["service_level"] = {"goal_percent": draw(st.integers(0, 100)), "threshold_seconds": draw(st.integers(1, 600))}
        if draw(st.booleans()):
            body["media"] = draw(st.sampled_from(["digital", "voice"]))
        skills[name] = body
    channel_count = draw(st.integers(0, 4))
    channels = {}
    for index in range(channel_count):
        channels[f"Channel {index}"] = {
            "type": draw(st.sampled_from(CHANNEL_TYPES)),
            "account": {"id": str(draw(st.integers(1, 3))) + str(index), "professional": True, "allow_message_access": True},
            "default_skill": draw(st.sampled_from(skill_names)),
            "default_script": draw(st.sampled_from(["Routing_A", "Routing_B"])),
            "sla": draw(st.one_of(st.just("global"), st.builds(
                lambda h, d: {"first_response": {"hours": h}, "resolution": {"days": d}},
                st.integers(1, 23), st.integers(1, 5)))),
        }
    roles = {}
    for index in range(draw(st.integers(1, 3))):
        granted = draw(st.lists(st.sampled_from(sorted(channels) or ["-"]), unique=True, max_size=len(channels)))
        roles[f"Role {index}"] = {
            "admin_permissions": ["skills.view", "digital_engagement.view"],
            "channels": {name: sorted(set(draw(st.lists(st.sampled_from(PERMISSIONS), min_size=1, max_size=3))) | {"reply"})
                         for name in granted if name in channels},
        }
    agents = {}
    for index in range(draw(st.integers(0, 5))):
        agents[f"agent{index}@example.com"] = {
            "role": draw(st.sampled_from(sorted(roles))),
            "application": draw(st.sampled_from(["cxone_agent", "max"])),
            "digital_engagement": True,
            "skills": {name: draw(st.integers(1, 20))
                       for name in draw(st.lists(st.sampled_from(skill_names), unique=True, max_size=3))},
        }
    return {
        "tenant": {"dynamic_delivery": True, "agent_application": draw(st.sampled_from(["cxone_agent", "max"])),
                   "sla": {"first_response": {"hours": draw(st.integers(1, 4))}}},
        "campaigns": {"Social": {}, "Sales": {}},
        "scripts": {"Routing_A": {}, "Routing_B": {}},
        "skills": skills,
        "channels": channels,
        "roles": roles,
        "agents": agents,
    }
