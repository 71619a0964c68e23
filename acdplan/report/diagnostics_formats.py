"""Diagnostic renderers by `validate --format` name: render(diagnostics, strict, files) -> str."""

from acdplan.report import (
    diagnostics_github,
    diagnostics_json,
    diagnostics_junit,
    diagnostics_markdown,
    diagnostics_sarif,
    diagnostics_text,
)
from acdplan.sensitive import redacting_diagnostics

FORMATS = {  # each shows sensitive values as (sensitive), however the format escapes text: acdplan/sensitive.py
    "text": redacting_diagnostics(diagnostics_text.render),
    "json": redacting_diagnostics(diagnostics_json.render),
    "sarif": redacting_diagnostics(diagnostics_sarif.render),
    "github": redacting_diagnostics(diagnostics_github.render),
    "junit": redacting_diagnostics(diagnostics_junit.render),
    "markdown": redacting_diagnostics(diagnostics_markdown.render),
}
