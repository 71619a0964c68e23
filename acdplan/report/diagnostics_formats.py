"""Diagnostic renderers by `validate --format` name: render(diagnostics, strict, files) -> str."""

from acdplan.report import (
    diagnostics_github,
    diagnostics_json,
    diagnostics_junit,
    diagnostics_markdown,
    diagnostics_sarif,
    diagnostics_text,
)

FORMATS = {
    "text": diagnostics_text.render,
    "json": diagnostics_json.render,
    "sarif": diagnostics_sarif.render,
    "github": diagnostics_github.render,
    "junit": diagnostics_junit.render,
    "markdown": diagnostics_markdown.render,
}
