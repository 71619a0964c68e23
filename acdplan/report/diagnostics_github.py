"""Diagnostics as GitHub Actions workflow commands: annotations on the pull request."""

from __future__ import annotations

from acdplan.diagnostics import Diagnostic
from acdplan.report.escape import terminal


def escape_data(text: str) -> str:
    """A command's message: the runner's own escapes for `%`, CR and LF (so the command stays one
    line), after any other control or bidi character is made visible (the log shows it raw)."""
    return terminal(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    """A property value (file, title): also `:` and `,`, which end a property."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(diagnostic: Diagnostic) -> str:
    level = "error" if diagnostic.is_error else "warning"
    properties = []
    if diagnostic.file:
        properties.append(f"file={escape_property(diagnostic.file)}")
        if diagnostic.line:
            properties.append(f"line={diagnostic.line}")
        if diagnostic.column:
            properties.append(f"col={diagnostic.column}")
    properties.append(f"title={escape_property(diagnostic.rule)}")
    return f"::{level} {','.join(properties)}::{escape_data(diagnostic.message)}"


def render(diagnostics: list[Diagnostic], strict: bool = False, files: list[str] | None = None) -> str:
    return "".join(command(d) + "\n" for d in diagnostics)
