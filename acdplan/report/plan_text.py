"""The plan as text, Terraform-style: a line a change, its attributes, and the summary line."""

from __future__ import annotations

import json

import click

from acdplan.model.durations import minutes_text
from acdplan.plan.changes import Action, Change, Plan
from acdplan.report.capacity_table import forecast_text_lines
from acdplan.report.diagnostics_text import line as diagnostic_line
from acdplan.report.escape import no_commands, terminal

SYMBOLS = {Action.CREATE: "+", Action.UPDATE: "~", Action.REPLACE: "-/+", Action.DELETE: "-", Action.NOOP: "<="}
COLORS = {Action.CREATE: "green", Action.UPDATE: "yellow", Action.REPLACE: "magenta", Action.DELETE: "red",
          Action.NOOP: "cyan"}
MAX_VALUE = 80


def value_text(value, path: str = "") -> str:
    """A value for an attribute line; an SLA time (kept in minutes) with its units: `4h`, `1d 30m`."""
    if path:
        value = with_units(path, value)
        if isinstance(value, Duration):
            return value
    text = terminal(json.dumps(value, ensure_ascii=False, sort_keys=True)) if value is not None else "(none)"
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


class Duration(str):
    """An SLA time written with its units (printed as is, not as JSON text)."""


def with_units(path: str, value):
    """`value` with each SLA time under `path` (`sla`, `sla.first_response`, ...) as a Duration."""
    parts = path.split(".")
    if "sla" not in parts:
        return value
    if isinstance(value, dict):
        return {key: with_units(f"{path}.{key}", item) for key, item in value.items()}
    if isinstance(value, int) and not isinstance(value, bool) and parts[-1] in ("first_response", "resolution"):
        return Duration(minutes_text(value))
    return value


def summary_line(plan: Plan) -> str:
    counts = plan.summary()
    if plan.options.get("refresh_only"):
        if not plan.has_changes:
            return "No changes. The state records what the tenant holds."
        return (f"Refresh-only plan: {counts.get('refresh', 0)} to record in the state from the tenant; "
                "nothing is changed in the tenant.")
    if not plan.has_changes:
        return "No changes. The tenant matches the specs."
    line = (f"Plan: {counts['create']} to create, {counts['update']} to update, "
            f"{counts['replace']} to replace, {counts['delete']} to delete.")
    if counts["import"]:
        line += f" {counts['import']} to import into the state."
    if counts.get("forget"):
        line += f" {counts['forget']} to forget (the tenant keeps them)."
    if counts["manual"]:
        line += f" {counts['manual']} manual step{'s' if counts['manual'] > 1 else ''}."
    if counts["pending"]:  # asked for by an earlier apply: `acdplan confirm` once done
        line += f" {counts['pending']} pending manual."
    return line


def _paint(text: str, action: Action, color: bool) -> str:
    """Styled by click, so click.echo strips it on a pipe or under --no-color / NO_COLOR."""
    return click.style(text, fg=COLORS[action]) if color else text


def render_change(change: Change, color: bool) -> list[str]:
    symbol = SYMBOLS[change.action]
    verb = (("forget" if change.forget else "refresh" if change.refresh else "import") if change.action is Action.NOOP
            else "pending manual" if change.pending else change.action.value)
    head = f"{symbol} {terminal(change.address)}"
    if change.renamed_from:
        head += f" (renamed from {terminal(change.renamed_from)})"
    lines = [_paint(f"{head:<50}", change.action, color) + f"  # {verb}: {terminal(change.reason)}".rstrip()]
    if change.action in (Action.UPDATE, Action.REPLACE) or change.refresh:
        for attribute in change.attributes:
            lines.append(f"      {terminal(attribute.path)}: {value_text(attribute.before, attribute.path)} -> "
                         f"{value_text(attribute.after, attribute.path)}")
    if change.kept:
        lines.append("      keeps what was made by hand: "
                     + ", ".join(terminal(f"{field}.{entry}") for field, entry in change.kept))
    if change.rebinds:
        lines.append("      binds again to the new one: " + ", ".join(terminal(rebind) for rebind in change.rebinds))
    if change.manual:
        lines.append(f"      {'PENDING MANUAL' if change.pending else 'MANUAL'}: {terminal(change.manual_reason)}")
        lines.append(f"      in CXone: {terminal(change.ui_path)}")
    return lines


def render(plan: Plan, color: bool = False) -> str:
    lines = [f"acdplan plan for environment {terminal(plan.environment)} ({terminal(plan.provider)})", ""]
    acting = [change for change in plan.changes if change.acts]
    for change in acting:
        lines += render_change(change, color)
    unchanged = sum(1 for change in plan.changes if not change.acts)
    if acting:
        lines.append("")
    if unchanged:
        lines.append(f"{unchanged} object{'s' if unchanged != 1 else ''} unchanged.")
    if plan.unmanaged:
        lines.append("Not managed by acdplan (left untouched):")
        lines += [f"  {terminal(address)}" for address in plan.unmanaged]
    lines += forecast_text_lines(plan.capacity)
    lines += [diagnostic_line(diagnostic) for diagnostic in plan.diagnostics]
    lines.append(summary_line(plan))
    return no_commands("\n".join(lines) + "\n")
