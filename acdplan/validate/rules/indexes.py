"""Indexes several rules share, computed once per run through RuleContext.cached."""

from __future__ import annotations

from collections import defaultdict

from acdplan.model import Spec


def holders_by_skill(spec: Spec) -> dict[str, list]:
    """skill name -> the agents holding it."""
    holders: dict[str, list] = defaultdict(list)
    for agent in spec.agents.values():
        for skill in agent.skills:
            holders[skill].append(agent)
    return holders


def channels_by_default_skill(spec: Spec) -> dict[str, list]:
    """skill name -> the channels whose default skill it is."""
    channels: dict[str, list] = defaultdict(list)
    for channel in spec.channels.values():
        if channel.default_skill:
            channels[channel.default_skill].append(channel)
    return channels
