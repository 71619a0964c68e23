"""Channel coverage: the default skill, the agents holding it, the roles and agents that can reply."""

from __future__ import annotations

from dataclasses import dataclass, field

from acdplan.model import Spec


@dataclass(slots=True)
class ChannelCoverage:
    channel: str
    type: str
    default_skill: str | None
    agents_holding_skill: int
    replying_roles: list[str]
    agents_who_can_answer: int  # hold the default skill AND have a role that may reply on the channel
    gaps: list[str] = field(default_factory=list)


def channel_coverage(spec: Spec) -> list[ChannelCoverage]:
    holders: dict[str, list] = {}
    for agent in spec.agents.values():
        for skill in agent.skills:
            holders.setdefault(skill, []).append(agent)
    rows = []
    for channel in spec.channels.values():
        replying = sorted(name for name, role in spec.roles.items() if "reply" in role.channels.get(channel.name, ()))
        holding = holders.get(channel.default_skill, []) if channel.default_skill else []
        answering = [agent for agent in holding if set(agent.roles) & set(replying)]
        row = ChannelCoverage(channel.name, channel.type, channel.default_skill, len(holding), replying, len(answering))
        if not channel.default_skill:
            row.gaps.append("no default skill")
        if not replying:
            row.gaps.append("no role may reply")
        if not holding:
            row.gaps.append("nobody holds the default skill")
        elif not answering:
            row.gaps.append("the agents holding the default skill cannot reply")
        rows.append(row)
    return rows


def render_coverage_text(rows: list[ChannelCoverage]) -> str:
    header = ("channel", "type", "default skill", "holders", "can answer", "roles that reply", "gaps")
    table = [header] + [
        (row.channel, row.type, row.default_skill or "-", str(row.agents_holding_skill), str(row.agents_who_can_answer),
         ", ".join(row.replying_roles) or "-", "; ".join(f"GAP: {gap}" for gap in row.gaps) or "ok")
        for row in rows
    ]
    widths = [max(len(line[column]) for line in table) for column in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip() for line in table]
    gaps = sum(bool(row.gaps) for row in rows)
    lines.append(f"{len(rows)} channels, {gaps} with gaps.")
    return "\n".join(lines) + "\n"
