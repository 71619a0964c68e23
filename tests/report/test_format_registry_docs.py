"""Formats are registered once and documented once: docs/CLI.md's "Output formats" lists exactly
the registries' names (acdplan/report/plan_formats.py, diagnostics_formats.py), and every command
renders a plan through the registry (a command that special-cased a format would bypass its redaction)."""

from __future__ import annotations

import re
from pathlib import Path

from acdplan.report.diagnostics_formats import FORMATS as DIAGNOSTIC_FORMATS
from acdplan.report.plan_formats import PLAN_FORMATS

ROOT = Path(__file__).resolve().parents[2]
CLI_MD = (ROOT / "docs" / "CLI.md").read_text(encoding="utf-8")


def _listed(opening: str) -> set[str]:
    paragraph = CLI_MD.split(opening, 1)[1].split("\n\n", 1)[0]
    paragraph = re.sub(r"\([^()]*(\([^()]*\)[^()]*)*\)", "", paragraph)  # the explanations, not the names
    return set(re.findall(r"`([a-z]+)`", paragraph))


def test_the_plan_formats_are_documented_once_as_registered():
    assert _listed("`--format` on `plan`:") == set(PLAN_FORMATS)


def test_the_diagnostic_formats_are_documented_once_as_registered():
    assert _listed("`--format` on `validate`:") == set(DIAGNOSTIC_FORMATS)


def test_no_command_renders_a_plan_format_but_through_the_registry():
    for path in (ROOT / "acdplan" / "cli").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        for renderer in ("plan_text", "plan_json", "plan_markdown", "plan_runbook", "plan_sarif"):
            assert f"{renderer}.render(" not in source, (path.name, renderer)
