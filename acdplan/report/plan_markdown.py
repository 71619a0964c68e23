"""The plan as a pull-request comment: summary line first, what destroys above the fold, details folded.

Every name and value goes through `markdown_safe`, escaped for the context it lands in (table
cell, prose, code, `<summary>`). The whole comment, every list included, stays under LIMIT: a
list that does not fit is cut where it stands with a count of what was left out, and a note at
the end says where the full plan is (CLI.md: kept under 65,000 characters; GitHub refuses a
comment over 65,536, and the action adds its marker line within that margin).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from acdplan.plan.changes import Action, Change, Plan
from acdplan.report import markdown_safe as md
from acdplan.report.capacity_table import FORECAST_HEAD, forecast_row
from acdplan.report.spec_yaml import spec_yaml

LIMIT = 65_000
GITHUB_LIMIT = 65_536
DETAIL_LIMIT = 8_000  # one object's YAML; a role with hundreds of channels must not take the comment
NOTE_RESERVE = 1_500
MAX_URL = 500  # a longer address is left out of the note rather than break the reserve  # the closing note and the cut lines, kept free before any list is filled


def size(text: str) -> int:
    """Characters as GitHub counts them (UTF-16 code units: an emoji counts twice)."""
    return len(text.encode("utf-16-le")) // 2


def _count(number: int, word: str) -> str:
    return f"{number:,} {word}{'' if number == 1 else 's'}"


def summary(plan: Plan) -> str:
    environment = md.code(plan.environment)
    if not plan.has_changes:
        return f"**Plan for {environment}:** no changes. The tenant matches the specs."
    counts = plan.summary()
    text = (f"**Plan for {environment}:** {counts['create']:,} to create, {counts['update']:,} to update, "
            f"{counts['replace']:,} to replace, {counts['delete']:,} to delete")
    if counts["import"]:
        text += f", {counts['import']:,} to import"
    if counts.get("forget"):
        text += f", {counts['forget']:,} to forget"
    if counts.get("refresh"):
        text += f", {counts['refresh']:,} to record from the tenant (refresh-only)"
    if counts["manual"]:
        text += f", {_count(counts['manual'], 'manual step')}"
    if counts["pending"]:
        text += f", {counts['pending']:,} pending manual"
    return text + "."


@dataclass
class _Section:
    """A list that may be cut: fixed lines around it, its items, and the line shown when cut."""

    name: str  # in the closing note: "deletions and replacements", "table rows", ...
    head: list[str]
    items: list[str]
    cut_line: str  # format string with {hidden}
    tail: list[str] = field(default_factory=list)
    shown: int = 0

    @property
    def hidden(self) -> int:
        return len(self.items) - self.shown

    def lines(self) -> list[str]:
        if not self.items:
            return []
        body = self.items[: self.shown]
        if self.hidden:
            body = body + [self.cut_line.format(hidden=f"{self.hidden:,}")]
        return self.head + body + self.tail


def _verb(change: Change) -> str:
    return (("forget" if change.forget else "refresh" if change.refresh else "import") if change.action is Action.NOOP
            else change.action.value)


def _row(change: Change) -> str:
    name = md.code(change.address, in_table=True)
    if change.renamed_from:
        name += f" (renamed from {md.code(change.renamed_from, in_table=True)})"
    flags = " (pending manual)" if change.pending else " (manual)" if change.manual else ""
    flags += " (drift)" if change.drift else ""
    return f"| {_verb(change)}{flags} | {name} | {md.text(change.reason)} |"


def _yaml_lines(change: Change, document: dict | None) -> list[str]:
    return spec_yaml(change.kind, change.name, document).splitlines()


def _details(change: Change) -> str:
    if change.action is Action.CREATE:
        body, info = "\n".join(_yaml_lines(change, change.after)), "yaml"
    else:
        before, after = _yaml_lines(change, change.before), _yaml_lines(change, change.after)
        diff = list(difflib.unified_diff(before, after, lineterm="", n=3))[2:]  # no ---/+++ header
        body, info = "\n".join(diff) or "(no visible difference in the spec's fields)", "diff"
    if size(body) > DETAIL_LIMIT:
        kept = body[:DETAIL_LIMIT].rsplit("\n", 1)[0]
        body = kept + f"\n# … {body.count(chr(10)) - kept.count(chr(10)):,} more lines in the full plan"
    summary_text = f"{md.html_text(_verb(change))} <code>{md.html_text(change.address)}</code>"
    return "\n".join([f"<details><summary>{summary_text}</summary>", "", md.fenced(body, info), "", "</details>", ""])  # the blank line ends the HTML block


def _destructive_item(change: Change) -> str:
    return f"> - **{change.action.value}** {md.code(change.address)}: {md.text(change.reason)}"


def _manual_item(change: Change) -> str:
    pending = "(pending: `acdplan confirm` once done) " if change.pending else ""
    return f"> - {pending}{md.code(change.address)}: {md.text(change.manual_reason)} (in CXone: {md.text(change.ui_path)})"


def _diagnostic_item(diagnostic) -> str:
    return f"- **{diagnostic.severity.value}** {md.code(diagnostic.rule)} {md.text(diagnostic.message)}"


def _destroys(deletes: int, replaces: int) -> str:
    parts = [f"deletes {_count(deletes, 'object')}"] if deletes else []
    parts += [f"replaces {_count(replaces, 'object')}"] if replaces else []
    return " and ".join(parts) + (" (a deleted skill is deactivated)" if deletes else "")


def _sections(plan: Plan, acting: list[Change]) -> list[_Section]:
    destructive = [c for c in acting if c.action in (Action.DELETE, Action.REPLACE)]
    deletes = sum(1 for c in destructive if c.action is Action.DELETE)
    manual = [c for c in acting if c.manual]
    return [
        _Section("findings", [], [_diagnostic_item(d) for d in plan.diagnostics],
                 "- … {hidden} more findings not shown", tail=[""]),
        _Section("deletions and replacements",
                 ["> [!WARNING]", f"> This plan {_destroys(deletes, len(destructive) - deletes)}:"],
                 [_destructive_item(c) for c in destructive], "> - … {hidden} more not shown", tail=[""]),
        _Section("manual steps", ["> [!IMPORTANT]", "> Steps a person must do in CXone (apply stops before them):"],
                 [_manual_item(c) for c in manual], "> - … {hidden} more manual steps not shown", tail=[""]),
        _Section("table rows", ["| action | address | reason |", "|---|---|---|"], [_row(c) for c in acting],
                 "| … | {hidden} more changes not shown | |", tail=[""]),
        _Section("forecast rows", FORECAST_HEAD, [forecast_row(entry) for entry in plan.capacity],
                 "| … | {hidden} more channels not shown | | | |", tail=[""]),
        _Section("details", [], [_details(c) for c in acting if c.action is not Action.NOOP and c.action is not Action.DELETE],
                 "_… {hidden} more details not shown._"),
    ]


def _fill(sections: list[_Section], budget: int) -> None:
    """Shows each list's items in order of importance while they fit; a list that does not fit
    is cut there, and the lists after it get what is left."""
    for section in sections:
        if not section.items:
            continue
        cost = sum(size(line) + 1 for line in section.head + section.tail) + size(section.cut_line) + 16
        if cost > budget:
            continue
        budget -= cost
        for item in section.items:
            needed = size(item) + 1
            if needed > budget:
                break
            section.shown += 1
            budget -= needed


def _closing_note(sections: list[_Section], full_plan_url: str | None) -> list[str]:
    cut = [s for s in sections if s.hidden]
    if not cut:
        return []
    what = "; ".join(f"{s.hidden:,} of {len(s.items):,} {s.name}" for s in cut)
    where = "`acdplan show PLANFILE` on the saved plan, or `acdplan plan` run locally"
    if full_plan_url and len(full_plan_url) <= MAX_URL:
        where = f"{md.link('the workflow run', full_plan_url)} (its log and the saved plan artifact), or {where}"
    return ["> [!NOTE]",
            f"> Cut to stay under GitHub's {GITHUB_LIMIT:,}-character comment limit; not shown: {what}.",
            f"> The full plan: {where}."]


def render(plan: Plan, color: bool = False, full_plan_url: str | None = None) -> str:
    """The comment; `full_plan_url` (the CI run that holds the full plan) is named when lists are cut."""
    acting = [change for change in plan.changes if change.acts]
    head = [summary(plan), ""]
    foot = []
    if plan.unmanaged:
        foot = [f"{_count(len(plan.unmanaged), 'object')} in the tenant not managed by acdplan, left untouched.", ""]
    sections = _sections(plan, acting)
    budget = LIMIT - NOTE_RESERVE - sum(size(line) + 1 for line in head + foot)
    _fill(sections, budget)
    lines = list(head)
    for section in sections:
        lines += section.lines()
    lines += foot + _closing_note(sections, full_plan_url)
    text = "\n".join(lines).rstrip("\n") + "\n"
    if size(text) > LIMIT:  # cannot happen with the reserve above; never hand GitHub a comment it refuses
        raise AssertionError(f"markdown plan of {size(text)} characters over {LIMIT}")
    return text
