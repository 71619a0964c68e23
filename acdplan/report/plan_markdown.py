"""The plan as a pull-request comment: summary first, what destroys above the fold, details folded.

Every user-controlled string (names, values, reasons) is escaped for both HTML and Markdown,
and the comment is kept under GitHub's 65,536-character limit, with a note of what was cut.
"""

from __future__ import annotations

import html
import json
import re

from acdplan.plan.changes import Action, Change, Plan

LIMIT = 65_000
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def escape(text) -> str:
    """Inert in Markdown and HTML: entities for <>&\" and backslashes before Markdown punctuation."""
    escaped = html.escape(str(text), quote=True)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escaped).replace("\n", " ")


def code(value) -> str:
    """A value shown as code, inertly: <code> with escaped content (backticks cannot break out)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True) if value is not None else "none"
    if len(text) > 200:
        text = text[:199] + "…"
    return "<code>" + html.escape(text, quote=True).replace("|", "&#124;").replace("`", "&#96;") + "</code>"


def summary(plan: Plan) -> str:
    counts = plan.summary()
    if not plan.has_changes:
        return f"**Plan for `{escape(plan.environment)}`:** no changes. The tenant matches the specs."
    text = (f"**Plan for {escape(plan.environment)}:** {counts['create']} to create, {counts['update']} to update, "
            f"{counts['replace']} to replace, {counts['delete']} to delete")
    if counts["manual"]:
        text += f", {counts['manual']} manual"
    return text + "."


def _row(change: Change) -> str:
    verb = "import" if change.action is Action.NOOP else change.action.value
    return f"| {verb} | {escape(change.address)} | {escape(change.reason)} |"


def _details(change: Change) -> str:
    lines = [f"<details><summary>{escape(change.action.value)} {escape(change.address)}</summary>", ""]
    if change.attributes:
        lines += ["| attribute | before | after |", "|---|---|---|"]
        lines += [f"| {escape(a.path)} | {code(a.before)} | {code(a.after)} |" for a in change.attributes]
    else:
        lines.append(code(change.after if change.after is not None else change.before))
    lines += ["", "</details>"]
    return "\n".join(lines)


def render(plan: Plan, color: bool = False) -> str:
    acting = [change for change in plan.changes if change.acts]
    head = [summary(plan), ""]
    destructive = [c for c in acting if c.action in (Action.DELETE, Action.REPLACE)]
    if destructive:
        head += ["> [!WARNING]", "> This plan deletes or replaces objects:"]
        head += [f"> - {escape(c.action.value)} {escape(c.address)}: {escape(c.reason)}" for c in destructive]
        head.append("")
    manual = [c for c in acting if c.manual]
    if manual:
        head += ["> [!IMPORTANT]", "> Steps a person must do in CXone (apply stops before them):"]
        head += [f"> - {escape(c.address)}: {escape(c.manual_reason)} ({escape(c.ui_path)})" for c in manual]
        head.append("")
    for diagnostic in plan.diagnostics:
        head.append(f"- **{escape(diagnostic.severity.value)} {escape(diagnostic.rule)}** {escape(diagnostic.message)}")
    if plan.unmanaged:
        head += ["", f"{len(plan.unmanaged)} objects in the tenant are not managed by acdplan and are left untouched."]
    rows = [_row(change) for change in acting]
    details = [_details(change) for change in acting if change.attributes or change.action is not Action.NOOP]
    return _fit(head, rows, details)


def _fit(head: list[str], rows: list[str], details: list[str]) -> str:
    """Summary and banners always; then as many table rows, then details blocks, as fit the limit."""
    table_head = ["", "| action | address | reason |", "|---|---|---|"] if rows else []
    text = "\n".join(head + table_head)
    budget = LIMIT - len(text) - 400  # room for the note
    shown_rows, shown_details = [], []
    for row in rows:
        if len(row) + 1 > budget:
            break
        shown_rows.append(row)
        budget -= len(row) + 1
    if len(shown_rows) == len(rows):
        for block in details:
            if len(block) + 2 > budget:
                break
            shown_details.append(block)
            budget -= len(block) + 2
    parts = [text + ("\n" + "\n".join(shown_rows) if shown_rows else "")]
    if shown_details:
        parts.append("\n\n".join(shown_details))
    hidden = (len(rows) - len(shown_rows)) or (len(details) - len(shown_details))
    if hidden:
        what = "changes" if len(shown_rows) < len(rows) else "change details"
        parts.append(f"_… {hidden} more {what} not shown (output cut to stay under 65,000 characters); "
                     f"run acdplan plan locally for the full plan._")
    return "\n\n".join(parts) + "\n"
