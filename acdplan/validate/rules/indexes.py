"""Indexes several rules share, computed once per run through RuleContext.cached."""

from __future__ import annotations

from collections import defaultdict

from acdplan.model import Spec
from acdplan.model.objects import MAX


def max_holders_by_skill(spec: Spec) -> tuple[set[str], dict[str, list[str]]]:
    """(the skills some agent holds, skill name -> usernames of its holders on MAX).

    What the MAX rules ask; a set of every held skill is filled at C speed, where a list of
    every holder of every skill cost an append per skill held (100,000 for a large tenant).
    """
    held: set[str] = set()
    on_max: dict[str, list[str]] = defaultdict(list)
    for agent in spec.agents.values():
        held.update(agent.skills)
        if agent.application == MAX:
            for skill in agent.skills:
                on_max[skill].append(agent.username)
    return held, on_max


def channels_by_default_skill(spec: Spec) -> dict[str, list]:
    """skill name -> the channels whose default skill it is."""
    channels: dict[str, list] = defaultdict(list)
    for channel in spec.channels.values():
        if channel.default_skill:
            channels[channel.default_skill].append(channel)
    return channels
