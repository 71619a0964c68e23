"""RF001: every name a spec refers to must be declared; the message names the closest one."""

from __future__ import annotations

import difflib

from acdplan.diagnostics import Severity
from acdplan.validate.rules.base import Finding, rule


def _missing(what: str, name: str, section: str, declared) -> str:
    close = difflib.get_close_matches(name, list(declared), n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}?" if close else f"declare it under {section}:"
    return f"{what} {name!r} is not declared in {section}; {hint}"


@rule("RF001", Severity.ERROR, "a reference to an undeclared object (skill, script, campaign, role, channel, queue)",
      "declare the object, or correct the name (the message suggests the closest declared one)",
      why="A name that matches nothing would leave the object unbound in the tenant.",
      bad="channels:\n  Instagram Direct FR:\n    default_skill: IG_Direct_Fr\n",
      good="channels:\n  Instagram Direct FR:\n    default_skill: IG_Direct_FR\n")
def undeclared_reference(context):
    spec = context.spec
    for skill in spec.skills.values():
        if skill.campaign and skill.campaign not in spec.campaigns:
            yield Finding(("skills", skill.name, "campaign"),
                          f"skill {skill.name!r}: " + _missing("campaign", skill.campaign, "campaigns", spec.campaigns),
                          prefer_value=True)
    for channel in spec.channels.values():
        if channel.default_skill and channel.default_skill not in spec.skills:
            yield Finding(("channels", channel.name, "default_skill"),
                          f"channel {channel.name!r}: " + _missing("skill", channel.default_skill, "skills", spec.skills),
                          prefer_value=True)
        if channel.default_script and channel.default_script not in spec.scripts:
            yield Finding(("channels", channel.name, "default_script"),
                          f"channel {channel.name!r}: "
                          + _missing("Studio script", channel.default_script, "scripts", spec.scripts), prefer_value=True)
    for role in spec.roles.values():
        for channel in role.channels:
            if channel not in spec.channels:
                yield Finding(("roles", role.name, "channels", channel),
                              f"role {role.name!r}: " + _missing("channel", channel, "channels", spec.channels))
    for agent in spec.agents.values():
        for index, role in enumerate(agent.roles):
            if role not in spec.roles:
                path = ("agents", agent.username, "role") + ((index,) if len(agent.roles) > 1 else ())
                yield Finding(path, f"user {agent.username!r}: " + _missing("role", role, "roles", spec.roles),
                              prefer_value=True)
        for skill in agent.skills:
            if skill not in spec.skills:
                yield Finding(("agents", agent.username, "skills", skill),
                              f"user {agent.username!r}: " + _missing("skill", skill, "skills", spec.skills))
    for queue in spec.routing_queues.values():
        for filter_name, queue_filter in queue.filters.items():
            base = ("routing_queues", queue.name, "filters", filter_name)
            for index, channel in enumerate(queue_filter.included_channels):
                if channel not in spec.channels:
                    yield Finding(base + ("included_channels", index),
                                  f"routing queue {queue.name!r}: " + _missing("channel", channel, "channels", spec.channels),
                                  prefer_value=True)
            for index, skill in enumerate(queue_filter.included_skills):
                if skill not in spec.skills:
                    yield Finding(base + ("included_skills", index),
                                  f"routing queue {queue.name!r}: " + _missing("skill", skill, "skills", spec.skills),
                                  prefer_value=True)
