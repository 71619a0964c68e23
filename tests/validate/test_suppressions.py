"""Lint habits: acdplan.yaml `rules:` disables a rule or changes its severity; `# acdplan:ignore ID
reason` silences one line; both through the CLI, as users write them."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from acdplan.cli import main
from tests.conftest import EXAMPLE_SPECS

CHAT = """channels:
  Chat FR:{comment}
    type: chat
    account: {{id: "chat-fr"}}
    default_skill: MSG_Service_FR
    default_script: DFO_Social_Routing
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    shutil.copytree(EXAMPLE_SPECS, tmp_path / "specs")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def findings(*args) -> tuple[int, list[tuple[str, str, int]]]:
    result = CliRunner().invoke(main, ["validate", "--format", "json", *args])
    document = json.loads(result.stdout)
    return result.exit_code, [(d["rule"], d["severity"], d["line"]) for d in document["diagnostics"]]


def write_chat(project, comment: str = "") -> None:
    (project / "specs" / "extra.yaml").write_text(CHAT.format(comment=comment))


def test_without_settings_the_rules_fire(project):
    write_chat(project)
    code, found = findings()
    assert code == 1 and ("CH007", "error", 2) in found and sum(rule == "AG005" for rule, _, _ in found) == 3


def test_rules_section_disables_and_changes_severity(project):
    write_chat(project)
    (project / "acdplan.yaml").write_text("rules:\n  AG005: off\n  CH007: warning\n")
    code, found = findings()
    assert code == 0 and found == [("CH007", "warning", 2)]
    assert CliRunner().invoke(main, ["validate", "--strict"]).exit_code == 1  # still a warning under --strict
    (project / "acdplan.yaml").write_text("rules:\n  SK013: error\n  AG005: false\n")
    code, found = findings()
    assert code == 1 and found == [("CH007", "error", 2)]


@pytest.mark.parametrize(("content", "message"), [
    ("rules:\n  XX999: off\n", "XX999 is no rule id"),
    ("rules:\n  SC001: off\n", "SC001 is reported before the rules run and cannot be changed"),
    ("rules:\n  CH007: ignore\n", "CF001"),
    ("rules:\n  ch007: off\n", "CF001"),
])
def test_bad_rule_settings_are_config_errors(project, content, message):
    write_chat(project)
    (project / "acdplan.yaml").write_text(content)
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 1 and message in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)  # a message, never a traceback


def test_inline_ignore_on_the_line_and_on_the_line_above(project):
    write_chat(project, "   # acdplan:ignore CH007 opens in March, roles follow")
    code, found = findings()
    assert "CH007" not in {rule for rule, _, _ in found} and code == 0
    before = [line for rule, _, line in findings()[1] if rule == "AG005"]
    agents = (project / "specs" / "agents.yaml").read_text().splitlines()
    agents.insert(before[0] - 1, "    # acdplan:ignore AG005, SK013 camille covers chat during the launch")  # just above
    (project / "specs" / "agents.yaml").write_text("\n".join(agents) + "\n")
    code, found = findings()
    assert [line for rule, _, line in found if rule == "AG005"] == [line + 1 for line in before[1:]]  # camille's gone


def test_an_ignore_without_reason_silences_nothing_and_says_so(project):
    write_chat(project, "   # acdplan:ignore CH007")
    code, found = findings()
    assert code == 1 and ("CH007", "error", 2) in found and ("IG001", "warning", 2) in found
    write_chat(project, "   # acdplan:ignore because I said so")
    assert ("IG001", "warning", 2) in findings()[1]


def test_an_ignore_for_another_rule_silences_nothing(project):
    write_chat(project, "   # acdplan:ignore CH001 not this one")
    assert ("CH007", "error", 2) in findings()[1]


def test_schema_errors_cannot_be_ignored_inline(project):
    (project / "specs" / "extra.yaml").write_text("skills:\n  X_FR: {campain: Social}   # acdplan:ignore SC001 typo\n")
    code, found = findings()
    assert code == 1 and "SC001" in {rule for rule, _, _ in found}


def test_a_configured_rule_about_no_file_changes_severity_without_reading_a_file():
    """A finding with no file (nothing to put an inline ignore on) used to reach open(None)."""
    from acdplan.diagnostics import Diagnostic, Severity
    from acdplan.validate.suppressions import apply

    [diagnostic] = apply([Diagnostic("CH001", Severity.ERROR, "no file")], {"CH001": "warning"})
    assert diagnostic.severity is Severity.WARNING and diagnostic.file is None
