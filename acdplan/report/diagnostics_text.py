"""Diagnostics as `file:line:col: severity RULE message` lines and a summary line."""

from __future__ import annotations

from acdplan.diagnostics import Diagnostic


def line(diagnostic: Diagnostic) -> str:
    where = f"{diagnostic.file}:{diagnostic.line}:{diagnostic.column}: " if diagnostic.file else ""
    return f"{where}{diagnostic.severity.value} {diagnostic.rule} {diagnostic.message}"


def summary(diagnostics: list[Diagnostic], files: list[str]) -> str:
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    counted = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} in {len(files)} file{'s' * (len(files) != 1)}"
    return f"valid: {counted}" if not errors else counted


def render(diagnostics: list[Diagnostic], strict: bool = False, files: list[str] | None = None) -> str:
    lines = [line(d) for d in diagnostics]
    lines.append(summary(diagnostics, files or []))
    return "\n".join(lines) + "\n"
