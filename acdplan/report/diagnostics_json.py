"""Diagnostics as the JSON document of docs/CLI.md (`validate --format json`)."""

from __future__ import annotations

import json

from acdplan.diagnostics import Diagnostic, fails
from acdplan.report.escape import json_text


def diagnostic_record(diagnostic: Diagnostic) -> dict:
    record: dict[str, object] = {
        "rule": diagnostic.rule, "severity": diagnostic.severity.value, "message": diagnostic.message,
        "fact": diagnostic.fact, "file": diagnostic.file, "line": diagnostic.line, "column": diagnostic.column,
        "path": list(diagnostic.path),
    }
    if diagnostic.related:
        record["related"] = [{"file": r.file, "line": r.line, "column": r.column} for r in diagnostic.related]
    return record


def render(diagnostics: list[Diagnostic], strict: bool = False, files: list[str] | None = None) -> str:
    errors = sum(d.is_error for d in diagnostics)
    document = {
        "format_version": 1,
        "valid": not fails(diagnostics, strict),
        "summary": {"errors": errors, "warnings": len(diagnostics) - errors},
        "diagnostics": [diagnostic_record(d) for d in diagnostics],
    }
    return json_text(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"
