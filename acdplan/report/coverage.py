"""Who can answer: per channel, the agents holding its default skill whose role may reply on it.

A contact of a channel is routed to its default skill (F3); an agent takes it only with that
skill AND a role that has Reply on the channel (F6, F11), and, on the CXone Agent application,
the Digital Engagement attribute (F9, rule AG001: without it no digital contact reaches them,
whatever they hold). An agent holding a skill none of whose channels their role may answer on
holds it for nothing: flagged, as is a channel nobody can answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from acdplan.model import Spec
from acdplan.model.answering import REPLY, SEND_OUTBOUND, channel_permissions, unreachable
from acdplan.model.objects import OUTBOUND, Agent
from acdplan.report.escape import no_commands, terminal


@dataclass(frozen=True, slots=True)
class Holder:
    """An agent holding a channel's default skill."""

    agent: str
    role: str | None
    proficiency: int
    can_answer: bool  # the role may reply on the channel, and the user gets digital contacts (AG001)
    why_not: str | None = None  # when not: what stops them


@dataclass(slots=True)
class ChannelCoverage:
    channel: str
    type: str
    default_skill: str | None
    replying_roles: list[str]
    holders: list[Holder]  # best proficiency (1) first
    gaps: list[str] = field(default_factory=list)

    @property
    def answering(self) -> list[Holder]:
        return [holder for holder in self.holders if holder.can_answer]

    def as_json(self) -> dict:
        return {"channel": self.channel, "type": self.type, "default_skill": self.default_skill,
                "replying_roles": self.replying_roles,
                "agents_who_can_answer": [holder.agent for holder in self.answering],
                "holders": [{"agent": h.agent, "role": h.role, "proficiency": h.proficiency, "can_answer": h.can_answer,
                             **({"why_not": h.why_not} if h.why_not else {})} for h in self.holders],
                "gaps": self.gaps}


@dataclass(frozen=True, slots=True)
class UnusableSkill:
    agent: str
    role: str | None
    skill: str
    reason: str

    def as_json(self) -> dict:
        return {"agent": self.agent, "role": self.role, "skill": self.skill, "reason": self.reason}


@dataclass(slots=True)
class Coverage:
    channels: list[ChannelCoverage]
    unusable_skills: list[UnusableSkill]

    @property
    def channels_with_gaps(self) -> list[ChannelCoverage]:
        return [row for row in self.channels if row.gaps]

    def as_json(self) -> dict:
        return {"format_version": 1,
                "summary": {"channels": len(self.channels), "channels_with_gaps": len(self.channels_with_gaps),
                            "unusable_skills": len(self.unusable_skills)},
                "channels": [row.as_json() for row in self.channels],
                "unusable_skills": [item.as_json() for item in self.unusable_skills]}



NO_ATTRIBUTE = "on CXone Agent without the Digital Engagement attribute (AG001)"
ROLE_MAY_NOT_REPLY = "the role may not reply"



def _holder(spec: Spec, agent: Agent, channel) -> Holder:
    may_reply = REPLY in channel_permissions(spec, agent, channel.name)
    why_not = NO_ATTRIBUTE if unreachable(agent) else None if may_reply else ROLE_MAY_NOT_REPLY
    return Holder(agent.username, agent.role, agent.skills[channel.default_skill], why_not is None, why_not)


def coverage(spec: Spec) -> Coverage:
    holders: dict[str, list[Agent]] = {}
    for agent in spec.agents.values():
        for skill in agent.skills:
            holders.setdefault(skill, []).append(agent)
    rows = [_channel_row(spec, channel, holders) for channel in spec.channels.values()]
    return Coverage(rows, unusable_skills(spec))


def _channel_row(spec: Spec, channel, holders: dict[str, list[Agent]]) -> ChannelCoverage:
    replying = sorted(name for name, role in spec.roles.items() if REPLY in role.channels.get(channel.name, ()))
    holding = holders.get(channel.default_skill, []) if channel.default_skill else []
    row = ChannelCoverage(channel.name, channel.type, channel.default_skill, replying, sorted(
        (_holder(spec, agent, channel) for agent in holding),
        key=lambda holder: (not holder.can_answer, holder.proficiency, holder.agent)))
    if not channel.default_skill:
        row.gaps.append("no default skill")
    if not replying:
        row.gaps.append("no role may reply")
    if not holding:
        row.gaps.append("nobody holds the default skill")
    elif not row.answering:
        row.gaps.append("the agents holding the default skill cannot reply")
    return row


def unusable_skills(spec: Spec) -> list[UnusableSkill]:
    """Skills an agent holds but cannot use: an inbound skill answers on the channels it is the
    default skill of (any channel when none names it, as a Studio script may route to it); an
    outbound skill sends through a channel with Send outbound (F17)."""
    channels_of_skill: dict[str, list[str]] = {}
    for channel in spec.channels.values():
        if channel.default_skill:
            channels_of_skill.setdefault(channel.default_skill, []).append(channel.name)
    found = []
    for agent in spec.agents.values():
        for skill_name in agent.skills:
            skill = spec.skills.get(skill_name)
            if skill is None or not skill.is_digital:
                continue
            if unreachable(agent):
                found.append(UnusableSkill(agent.username, agent.role, skill_name, NO_ATTRIBUTE))
                continue
            if skill.direction == OUTBOUND:
                usable = any(SEND_OUTBOUND in channel_permissions(spec, agent, name) for name in spec.channels)
                reason = "no channel of the role has Send outbound"
            else:
                names = channels_of_skill.get(skill_name) or list(spec.channels)
                usable = any(REPLY in channel_permissions(spec, agent, name) for name in names)
                reason = (f"the role may not reply on {', '.join(sorted(names))}" if skill_name in channels_of_skill
                          else "the role may not reply on any channel")
            if not usable:
                found.append(UnusableSkill(agent.username, agent.role, skill_name, reason))
    return sorted(found, key=lambda item: (item.agent, item.skill))


def _holder_text(holder: Holder) -> str:
    return f"{terminal(holder.agent)} (proficiency {holder.proficiency}, {terminal(holder.role or 'no role')})"


def render_coverage_text(result: Coverage) -> str:
    """Names written safe for a terminal and a CI log (acdplan/report/escape.py)."""
    lines = []
    for row in result.channels:
        lines.append(f"{terminal(row.channel)} ({terminal(row.type)}): default skill {terminal(row.default_skill or '-')}")
        lines.append(f"  roles that reply: {terminal(', '.join(row.replying_roles) or '-')}")
        lines.append(f"  can answer ({len(row.answering)}):" if row.answering else "  can answer: nobody")
        lines += [f"    {_holder_text(holder)}" for holder in row.answering]
        idle = [holder for holder in row.holders if holder.why_not == ROLE_MAY_NOT_REPLY]
        if idle:
            lines.append(f"  hold the skill but may not reply ({len(idle)}):")
            lines += [f"    {_holder_text(holder)}" for holder in idle]
        unreached = [holder for holder in row.holders if holder.why_not == NO_ATTRIBUTE]
        if unreached:
            lines.append(f"  hold the skill but get no digital contact ({len(unreached)}, {NO_ATTRIBUTE}):")
            lines += [f"    {_holder_text(holder)}" for holder in unreached]
        lines += [f"  GAP: {gap}" for gap in row.gaps]
    if result.unusable_skills:
        lines.append("Skills held but not usable:")
        lines += [terminal(f"  {item.agent} ({item.role or 'no role'}): {item.skill}: {item.reason}")
                  for item in result.unusable_skills]
    lines.append(_summary(result))
    return no_commands("\n".join(lines) + "\n")


def _summary(result: Coverage) -> str:
    unusable = len(result.unusable_skills)
    return (f"{len(result.channels)} channels, {len(result.channels_with_gaps)} with gaps; "
            f"{unusable} skill{'s' if unusable != 1 else ''} held but not usable.")


def render_coverage_markdown(result: Coverage) -> str:
    def cell(text: str) -> str:
        return terminal(text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;"))

    lines = [f"**Coverage:** {cell(_summary(result))}", "",
             "| channel | default skill | roles that reply | can answer | gaps |", "|---|---|---|---|---|"]
    for row in result.channels:
        lines.append("| " + " | ".join(cell(text) for text in (
            row.channel, row.default_skill or "-", ", ".join(row.replying_roles) or "-",
            ", ".join(f"{h.agent} ({h.proficiency})" for h in row.answering) or "-",
            "; ".join(row.gaps) or "ok")) + " |")
    if result.unusable_skills:
        lines += ["", "| agent | role | skill held but not usable | why |", "|---|---|---|---|"]
        lines += ["| " + " | ".join(cell(text) for text in (item.agent, item.role or "-", item.skill, item.reason)) + " |"
                  for item in result.unusable_skills]
    return "\n".join(lines) + "\n"
