"""From the specs to the simulation's inputs: each channel's load, its target, and who answers it.

Who can answer a channel (F3, F6, F9, F11): an agent holding the channel's default skill, whose
role has Reply on the channel, and who can take digital work: a CXone Agent user needs the
Digital Engagement attribute (a MAX user has the digital skill already). The same test as
`acdplan coverage` (acdplan/model/answering.py).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from acdplan.capacity.simulate import WEEK, ChannelLoad, Pool, Scenario
from acdplan.model import Spec
from acdplan.model.answering import REPLY, channel_permissions, unreachable
from acdplan.model.objects import Agent, Channel
from acdplan.sla.calendar import WorkingCalendar

DEFAULT_GOAL_PERCENT = 80.0  # the contact-center "80/20" habit, when neither demand nor the skill sets one
_DAY = 24 * 60


@dataclass(frozen=True, slots=True)
class ChannelInputs:
    """What the prediction of one channel depends on (two equal ones predict the same)."""

    name: str
    load: ChannelLoad
    goal_percent: float
    contacts_per_week: float
    answering: tuple[tuple[str, int, int], ...]  # (username, proficiency, concurrent contacts)


def answering_agents(spec: Spec, channel: Channel) -> list[tuple[Agent, int]]:
    """(agent, proficiency on the default skill) for every agent who can answer the channel."""
    skill = channel.default_skill
    if not skill:
        return []
    found = []
    for agent in spec.agents.values():
        level = agent.skills.get(skill)
        if level is not None and not unreachable(agent) and REPLY in channel_permissions(spec, agent, channel.name):
            found.append((agent, level))
    return found


def open_periods(spec: Spec) -> tuple[tuple[float, float], ...]:
    """The tenant's working hours as minutes of the week (Monday 00:00 = 0), joined across
    midnight; always open when the specs set none."""
    hours = spec.tenant.working_hours
    if hours is None:
        return ((0.0, float(WEEK)),)
    calendar = WorkingCalendar.from_hours(hours.timezone, {day: list(periods) for day, periods in hours.days})
    periods: list[list[float]] = []
    for day, day_periods in enumerate(calendar.week):
        for first, last in day_periods:
            start, end = float(day * _DAY + first), float(day * _DAY + last)
            if periods and periods[-1][1] >= start:
                periods[-1][1] = max(periods[-1][1], end)
            else:
                periods.append([start, end])
    return tuple((start, end) for start, end in periods)


def target_minutes(spec: Spec, channel: Channel) -> float | None:
    """The channel's first-response target: its own SLA, or the global one (F26)."""
    own = channel.sla if channel.sla is not None and channel.sla != "global" else None
    chosen = own or spec.tenant.sla
    first = getattr(chosen, "first_response", None)
    return None if first is None else float(first)


def goal_percent(spec: Spec, channel: Channel) -> float:
    demand = channel.demand
    if demand is not None and demand.goal_percent is not None:
        return demand.goal_percent
    skill = spec.skills.get(channel.default_skill or "")
    level = skill.service_level if skill is not None else None
    if level is not None and level.goal_percent is not None:
        return float(level.goal_percent)
    return DEFAULT_GOAL_PERCENT


def segments(channel: Channel, periods: tuple[tuple[float, float], ...]) -> tuple[tuple[float, float, float], ...]:
    """(start, end, contacts per minute) over the week: a week of hourly rates as written, or
    one rate during the working hours."""
    demand = channel.demand
    assert demand is not None
    if demand.week is not None:
        return tuple((float(day * _DAY + hour * 60), float(day * _DAY + hour * 60 + 60), rate / 60)
                     for day, rates in enumerate(demand.week) for hour, rate in enumerate(rates) if rate > 0)
    rate = demand.contacts_per_hour or 0.0
    return tuple((start, end, rate / 60) for start, end in periods) if rate > 0 else ()


def channel_inputs(spec: Spec, names: list[str] | None = None) -> list[ChannelInputs]:
    """The inputs of every channel with demand (or of those named), in name order."""
    periods = open_periods(spec)
    default_concurrency = spec.tenant.max_concurrent_contacts
    found = []
    for name in sorted(names if names is not None else spec.channels):
        channel = spec.channels.get(name)
        if channel is None or channel.demand is None:
            continue
        demand = channel.demand
        load = ChannelLoad(name, segments(channel, periods), demand.handle_minutes, demand.patience_minutes,
                           target_minutes(spec, channel))
        answering = tuple(sorted((agent.username, level, agent.max_concurrent_contacts or default_concurrency)
                                 for agent, level in answering_agents(spec, channel)))
        per_week = sum((end - start) * rate for start, end, rate in load.segments)
        found.append(ChannelInputs(name, load, goal_percent(spec, channel), per_week, answering))
    return found


def scenario(inputs: list[ChannelInputs], periods: tuple[tuple[float, float], ...]) -> Scenario:
    """The channels and their agents, agents grouped into pools of the same channels,
    proficiencies and concurrency (an agent answering two channels is one agent in one pool)."""
    index = {item.name: number for number, item in enumerate(inputs)}
    skills_of: dict[str, dict[int, int]] = {}
    concurrency: dict[str, int] = {}
    for item in inputs:
        for username, level, slots in item.answering:
            skills_of.setdefault(username, {})[index[item.name]] = level
            concurrency[username] = slots
    pools = Counter((concurrency[username], tuple(sorted(levels.items()))) for username, levels in skills_of.items())
    return Scenario(tuple(item.load for item in inputs),
                    tuple(Pool(count, slots, levels) for (slots, levels), count in sorted(pools.items())), periods)
