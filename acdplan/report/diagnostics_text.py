"""Diagnostics as `file:line:col: severity RULE message` lines and a summary line."""

from __future__ import annotations

from acdplan.diagnostics import Diagnostic
from acdplan.report.escape import no_commands, terminal


def line(diagnostic: Diagnostic) -> str:
    """One diagnostic on one line, names escaped for a terminal (a file name or message cannot
    break the line, move the cursor, or start a CI workflow command)."""
    where = f"{terminal(diagnostic.file)}:{diagnostic.line}:{diagnostic.column}: " if diagnostic.file else ""
    return no_commands(f"{where}{diagnostic.severity.value} {diagnostic.rule} {terminal(diagnostic.message)}")


def summary(diagnostics: list[Diagnostic], files: list[str]) -> str:
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    counted = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} in {len(files)} file{'s' * (len(files) != 1)}"
    return f"valid: {counted}" if not errors else counted


def render(diagnostics: list[Diagnostic], strict: bool = False, files: list[str] | None = None) -> str:
    lines = [line(d) for d in diagnostics]  # each escaped
    lines.append(summary(diagnostics, files or []))
    return "\n".join(lines) + "\n"
