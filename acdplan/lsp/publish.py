"""acdplan's diagnostics as LSP diagnostics, grouped by the file they are about.

Each finding keeps what `acdplan validate` says (rule id as the code, message, severity) and is
underlined from its line and column to the end of the name or value there. The did-you-mean of
RF001 and SC001 travels in `data.suggestion`, for the quick fix (acdplan/lsp/edits.py).
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Callable

from lsprotocol import types

from acdplan.diagnostics import Diagnostic, Severity
from acdplan.lsp.text import lsp_range, scalar_span
from acdplan.report.rules_markdown import help_uri
from acdplan.sensitive import redact_text

SOURCE = "acdplan"
_SUGGESTION = re.compile(r"did you mean ('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\?")
_SEVERITY = {Severity.ERROR: types.DiagnosticSeverity.Error, Severity.WARNING: types.DiagnosticSeverity.Warning}


def suggestion(message: str) -> str | None:
    """The name a did-you-mean proposes (messages write it as a Python repr)."""
    found = _SUGGESTION.search(message)
    if not found:
        return None
    try:
        value = ast.literal_eval(found.group(1))
    except (ValueError, SyntaxError):
        return None
    return value if isinstance(value, str) else None


def by_file(diagnostics: list[Diagnostic], fallback: str) -> dict[str, list[Diagnostic]]:
    """Findings by the absolute path of their file; those about no file go to `fallback`."""
    grouped: dict[str, list[Diagnostic]] = {}
    for found in diagnostics:
        grouped.setdefault(os.path.abspath(found.file) if found.file else fallback, []).append(found)
    return grouped


def to_lsp(found: Diagnostic, lines: list[str], uri_of: Callable[[str], str]) -> types.Diagnostic:
    line = max((found.line or 1) - 1, 0)
    column = max((found.column or 1) - 1, 0)
    text = lines[line] if line < len(lines) else ""
    start, end = scalar_span(text, column) if column < len(text) else (column, column)
    if end <= start:
        start, end = 0, len(text)
    data: dict = {}
    proposed = suggestion(found.message)
    if proposed is not None and found.rule in ("RF001", "SC001"):
        data["suggestion"] = proposed
    related = [types.DiagnosticRelatedInformation(
        types.Location(uri_of(os.path.abspath(where.file)),
                       types.Range(types.Position(where.line - 1, max(where.column - 1, 0)),
                                   types.Position(where.line - 1, max(where.column - 1, 0)))), "declared here")
        for where in found.related if where.file and where.line]
    return types.Diagnostic(
        range=lsp_range(lines, line, start, end), message=redact_text(found.message),
        severity=_SEVERITY.get(found.severity, types.DiagnosticSeverity.Error), code=found.rule, source=SOURCE,
        code_description=types.CodeDescription(href=help_uri(found.rule)),
        related_information=related or None, data=data or None)
