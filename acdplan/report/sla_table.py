"""SLA deadlines as text, JSON or a markdown table (`acdplan sla`, and the HTML report's table)."""

from __future__ import annotations

import json

from acdplan.report.escape import json_text, no_commands, terminal
from acdplan.sla.deadlines import Deadlines

HEADER = ("channel", "arrival", "first response due", "resolution due")


def _cells(row: Deadlines) -> tuple[str, str, str, str]:
    def when(moment) -> str:
        return moment.strftime("%a %Y-%m-%d %H:%M %z") if moment is not None else "no SLA"

    return (terminal(row.channel), when(row.arrival), when(row.first_response_due), when(row.resolution_due))


def render_text(rows: list[Deadlines]) -> str:
    table = [HEADER] + [_cells(row) for row in rows]
    widths = [max(len(line[column]) for line in table) for column in range(len(HEADER))]
    return no_commands("\n".join("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
                                  for line in table) + "\n")


def render_json(rows: list[Deadlines]) -> str:
    return json_text(json.dumps([row.as_json() for row in rows], indent=2, ensure_ascii=False)) + "\n"


def render_markdown(rows: list[Deadlines]) -> str:
    def cell(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(cell(text) for text in _cells(row)) + " |" for row in rows]
    return "\n".join(lines) + "\n"


SLA_FORMATS = {"text": render_text, "json": render_json, "markdown": render_markdown}
