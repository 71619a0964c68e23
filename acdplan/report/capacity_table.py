"""The service-level forecast as text, JSON or a markdown table (`acdplan capacity`), and the
before -> after lines plans show (text, markdown)."""

from __future__ import annotations

import json

from acdplan.capacity.predict import ChannelForecast, duration_text
from acdplan.report.escape import json_text, no_commands, terminal
from acdplan.report.markdown_safe import text as md_text

HEADER = ("channel", "contacts/week", "agents", "first response", "goal", "predicted in time", "abandoned")


def percent_text(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}%"


def _cells(row: ChannelForecast) -> tuple[str, ...]:
    predicted = "no target" if row.predicted_percent is None else f"{row.predicted_percent:.1f}% ± {row.margin_percent:.1f}"
    if row.below_goal:
        predicted += " BELOW GOAL"
    return (row.channel, f"{row.contacts_per_week:,.0f}", str(row.agents), duration_text(row.target_minutes),
            f"{row.goal_percent:g}%", predicted, percent_text(row.abandon_percent))


def render_text(rows: list[ChannelForecast], note: str = "") -> str:
    if not rows:
        return "No channel has demand: add `demand:` to a channel (docs/CAPACITY.md).\n"
    table = [HEADER] + [tuple(terminal(cell) for cell in _cells(row)) for row in rows]
    widths = [max(len(line[column]) for line in table) for column in range(len(HEADER))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip() for line in table]
    if note:
        lines.append(note)
    return no_commands("\n".join(lines) + "\n")


def render_json(rows: list[ChannelForecast], note: str = "") -> str:
    return json_text(json.dumps([row.as_json() for row in rows], indent=2, ensure_ascii=False)) + "\n"


def render_markdown(rows: list[ChannelForecast], note: str = "") -> str:
    if not rows:
        return "No channel has demand.\n"
    lines = ["| " + " | ".join(HEADER) + " |", "|---|---:|---:|---|---:|---:|---:|"]
    # Only the name is the user's; the other cells are figures acdplan wrote (digits, %, ±, h/m).
    lines += ["| " + " | ".join((md_text(row.channel), *_cells(row)[1:])) + " |" for row in rows]
    if note:
        lines += ["", md_text(note)]
    return "\n".join(lines) + "\n"


CAPACITY_FORMATS = {"text": render_text, "json": render_json, "markdown": render_markdown}


# --- a plan's forecast (plan.capacity rows: acdplan/plan/forecast.py) -------------------------
FORECAST_TITLE = "Service-level forecast: first responses within the target, a simulated week (docs/CAPACITY.md)"


def forecast_cells(entry: dict) -> tuple[str, str, str, str, str]:
    """(channel, target, goal, before, after) of one plan row, the after marked when below goal."""
    def predicted(side: dict | None) -> str:
        if side is None:
            return "new"
        return percent_text(side.get("predicted_percent"))

    after = predicted(entry.get("after")) + (" BELOW GOAL" if entry.get("below_goal") else "")
    return (str(entry.get("channel", "")), duration_text(entry.get("first_response_target_minutes")),
            f"{entry.get('goal_percent', 0):g}%", predicted(entry.get("before")), after)


def forecast_text_lines(rows: list[dict]) -> list[str]:
    if not rows:
        return []
    lines = [FORECAST_TITLE + ":"]
    for entry in rows:
        channel, target, goal, before, after = forecast_cells(entry)
        after, below, _ = after.partition(" BELOW GOAL")
        lines.append(f"  {terminal(channel)}: {before} -> {after} within {target} (goal {goal})"
                     + ("  BELOW GOAL" if below else ""))
    return lines


FORECAST_HEAD = ["**Service-level forecast:** first responses within the target, a simulated week (docs/CAPACITY.md)", "", "| channel | first response | goal | before | after |",
                 "|---|---|---:|---:|---:|"]


def forecast_row(entry: dict) -> str:
    channel, *figures = forecast_cells(entry)
    return "| " + " | ".join((md_text(channel), *figures)) + " |"
