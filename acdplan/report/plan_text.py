"""The plan as text, Terraform-style: a line a change, its attributes, and the summary line."""

from __future__ import annotations

import json

import click

from acdplan.plan.changes import Action, Change, Plan
from acdplan.report.diagnostics_text import line as diagnostic_line
from acdplan.report.escape import no_commands, terminal

SYMBOLS = {Action.CREATE: "+", Action.UPDATE: "~", Action.REPLACE: "-/+", Action.DELETE: "-", Action.NOOP: "<="}
COLORS = {Action.CREATE: "green", Action.UPDATE: "yellow", Action.REPLACE: "magenta", Action.DELETE: "red",
          Action.NOOP: "cyan"}
MAX_VALUE = 80


def value_text(value) -> str:
    text = terminal(json.dumps(value, ensure_ascii=False, sort_keys=True)) if value is not None else "(none)"
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def summary_line(plan: Plan) -> str:
    counts = plan.summary()
    if not plan.has_changes:
        return "No changes. The tenant matches the specs."
    line = (f"Plan: {counts['create']} to create, {counts['update']} to update, "
            f"{counts['replace']} to replace, {counts['delete']} to delete.")
    if counts["import"]:
        line += f" {counts['import']} to import into the state."
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
    verb = "import" if change.action is Action.NOOP else "pending manual" if change.pending else change.action.value
    head = f"{symbol} {terminal(change.address)}"
    if change.renamed_from:
        head += f" (renamed from {terminal(change.renamed_from)})"
    lines = [_paint(f"{head:<50}", change.action, color) + f"  # {verb}: {terminal(change.reason)}".rstrip()]
    if change.action in (Action.UPDATE, Action.REPLACE):
        for attribute in change.attributes:
            lines.append(f"      {terminal(attribute.path)}: {value_text(attribute.before)} -> "
                         f"{value_text(attribute.after)}")
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
    lines += [diagnostic_line(diagnostic) for diagnostic in plan.diagnostics]
    lines.append(summary_line(plan))
    return no_commands("\n".join(lines) + "\n")
