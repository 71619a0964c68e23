"""Diagnostics as GitHub-flavoured Markdown (`validate --format markdown`): a job summary or a pull
request comment, each finding one list item linking its rule to where the rule is documented."""

from __future__ import annotations

from acdplan.diagnostics import Diagnostic
from acdplan.report import markdown_safe as md
from acdplan.report.diagnostics_text import summary
from acdplan.report.rules_markdown import rule_help_uri
from acdplan.validate.catalogue import get


def _rule(rule_id: str) -> str:
    info = get(rule_id)
    uri = rule_help_uri(info) if info is not None else None
    return md.link(rule_id, uri) if uri else md.code(rule_id)


def item(diagnostic: Diagnostic) -> str:
    severity = "error" if diagnostic.is_error else "warning"
    where = f" {md.code(f'{diagnostic.file}:{diagnostic.line}:{diagnostic.column}')}" if diagnostic.file else ""
    return f"- **{severity}** {_rule(diagnostic.rule)}{where} {md.text(diagnostic.message)}"


def render(diagnostics: list[Diagnostic], strict: bool = False, files: list[str] | None = None) -> str:
    lines = [f"**acdplan validate:** {md.text(summary(diagnostics, files or []))}", ""]
    lines += [item(diagnostic) for diagnostic in diagnostics]
    return "\n".join(lines).rstrip("\n") + "\n"
