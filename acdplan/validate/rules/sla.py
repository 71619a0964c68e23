"""SLA rules (SL): first response and resolution times, and when they count (F26-F28).

SL001 and SL002 read the raw document: the model keeps durations in minutes only, and these
rules are about how the parts were written.
"""

from __future__ import annotations

from acdplan.diagnostics import Severity
from acdplan.model.build import duration_parts, parse_duration
from acdplan.model.durations import FORMS, minutes_text, text_minutes, unreadable_message
from acdplan.validate.rules.base import Finding, rule

PART_RANGES = {"hours": (0, 23), "minutes": (0, 59), "days": (0, None)}


def written_slas(data: dict):
    """(path, sla mapping) of the global SLA and of every channel's own SLA, as written."""
    tenant = data.get("tenant") or {}
    if isinstance(tenant.get("sla"), dict):
        yield ("tenant", "sla"), tenant["sla"]
    for name, channel in (data.get("channels") or {}).items():
        if isinstance(channel, dict) and isinstance(channel.get("sla"), dict):
            yield ("channels", name, "sla"), channel["sla"]


def _owner(path: tuple) -> str:
    return "the global SLA" if path[0] == "tenant" else f"the SLA of channel {path[1]!r}"


@rule("SL001", Severity.ERROR, "an SLA with neither a first response time nor a resolution time",
      "give the SLA a `first_response`, a `resolution`, or both; or use `sla: global`", fact="F27",
      why="An SLA is a first response time and a resolution time; with neither it measures nothing.",
      bad="channels:\n  Instagram Direct FR:\n    sla: {}\n",
      good="channels:\n  Instagram Direct FR:\n    sla: {first_response: {hours: 2}}\n")
def empty_sla(context):
    for path, sla in written_slas(context.data):
        if sla.get("first_response") is None and sla.get("resolution") is None:
            yield Finding(path, f"{_owner(path)} has neither a first response time nor a resolution time: set one")


@rule("SL002", Severity.ERROR, "an SLA part out of range (hours 0..23, minutes 0..59, days >= 0) or all zero",
      "write hours 0..23, minutes 0..59, days >= 0, and at least one part above zero", fact="F27",
      why="Each SLA time is given as days, hours and minutes; a zero time can never be met.",
      bad="tenant:\n  sla:\n    first_response: {hours: 24}\n",
      good="tenant:\n  sla:\n    first_response: 2h\n")
def part_out_of_range(context):
    for path, sla in written_slas(context.data):
        for part_name in ("first_response", "resolution"):
            value = sla.get(part_name)
            if value is None:
                continue
            where = path + (part_name,)
            parts = duration_parts(value)
            if parts is None:
                continue  # the schema reports a malformed duration
            problems = []
            for unit, amount in zip(("days", "hours", "minutes"), parts, strict=True):
                low, high = PART_RANGES[unit]
                if amount < low or (high is not None and amount > high):
                    problems.append(f"{unit} {amount} is outside {low}..{high if high is not None else ''}".rstrip("."))
            if problems:
                yield Finding(where, f"{_owner(path)}: {part_name.replace('_', ' ')} has {'; '.join(problems)}: "
                                     f"carry the excess into the next unit", prefer_value=True)
            elif not any(parts):
                yield Finding(where, f"{_owner(path)}: {part_name.replace('_', ' ')} is zero and can never be met: "
                                     f"set a time above zero", prefer_value=True)


@rule("SL003", Severity.WARNING, "resolution time shorter than first response time",
      "make the resolution time at least the first response time", fact="F27",
      why="A case cannot be resolved before it is first answered (model).",
      bad="tenant:\n  sla:\n    first_response: 4h\n    resolution: 1h\n",
      good="tenant:\n  sla:\n    first_response: 1h\n    resolution: 4h\n")
def resolution_before_response(context):
    for path, sla in written_slas(context.data):
        first, resolution = parse_duration(sla.get("first_response")), parse_duration(sla.get("resolution"))
        if first is not None and resolution is not None and resolution < first:
            yield Finding(path + ("resolution",),
                          f"{_owner(path)}: resolution ({minutes_text(resolution)}) is shorter than first response "
                          f"({minutes_text(first)}): "
                          f"a case cannot be resolved before it is answered", prefer_value=True)


@rule("SL004", Severity.WARNING, "SLAs are set but the tenant has no working hours",
      "set `tenant.working_hours` (timezone and open periods per day)", fact="F28",
      why="SLAs are computed only during the configured working hours.",
      bad="tenant:\n  working_hours: null\n",
      good="tenant:\n  working_hours: {timezone: Europe/Paris, mon: [\"09:00-18:00\"]}\n")
def sla_without_working_hours(context):
    if context.spec.tenant.working_hours is not None:
        return
    for path, _ in written_slas(context.data):
        yield Finding(path, f"{_owner(path)} is set but the tenant has no working hours, and SLAs count only "
                            f"inside them: set tenant.working_hours")


@rule("SL005", Severity.WARNING, "a channel inherits the global SLA but none is set",
      "set `tenant.sla`, or give the channel its own SLA", fact="F26",
      why="`sla: global` applies the global SLA; with no global SLA the channel has none.",
      bad="tenant:\n  sla: null\n", good="tenant:\n  sla: {first_response: {hours: 1}}\n")
def global_sla_missing(context):
    if context.spec.tenant.sla is not None:
        return
    for channel in context.spec.channels.values():
        if channel.sla == "global":
            yield Finding(("channels", channel.name, "sla"),
                          f"channel {channel.name!r} applies the global SLA, but no global SLA is set: set tenant.sla "
                          f"or give the channel its own", prefer_value=True)


@rule("SL006", Severity.ERROR, "an SLA time written as text acdplan cannot read",
      f"write it as {FORMS}, or as a mapping {{days, hours, minutes}}", fact="F27",
      why="An SLA time is days, hours and minutes (F27). Text is read in the usual forms, French or English "
          "(`4h`, `1h30`, `90m`, `2 heures`, `1 jour`, `PT2H`); anything else is refused with the forms it may take, "
          "never guessed.",
      bad="tenant:\n  sla:\n    first_response: 2 semaines\n",
      good="tenant:\n  sla:\n    first_response: 2 heures\n")
def unreadable_duration(context):
    for path, sla in written_slas(context.data):
        for part_name in ("first_response", "resolution"):
            value = sla.get(part_name)
            if isinstance(value, str) and text_minutes(value) is None:
                yield Finding(path + (part_name,), f"{_owner(path)}: {part_name.replace('_', ' ')} "
                                                   f"{unreadable_message(value)}", prefer_value=True)
