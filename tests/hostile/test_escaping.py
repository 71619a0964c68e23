"""Issue 10 item 6: every output escapes names for its medium (property-based, over any text).

Formats owned elsewhere (markdown, SARIF, JUnit) are held to the same properties; where they
do not meet them yet the test is an expected failure (strict=False) until their owner fixes them.
"""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acdplan.diagnostics import Diagnostic, Severity
from acdplan.plan.changes import Action, AttributeChange, Change, Plan
from acdplan.report import diagnostics_github, diagnostics_json, diagnostics_text, plan_json, plan_text
from acdplan.report.escape import no_commands, terminal

ATTACKS = ["Evil\n::error title=INJECTED::pwned", "\x1b[1A\x1b[2K", "a\rb", "x\u202ey", "|a|b|", "##[error]x",
           "\u2028::warning::x", "\x85::error::nel", "::add-mask::x", "%0A::error::x", "\x9b2J"]
names = st.one_of(st.sampled_from(ATTACKS), st.text(min_size=1, max_size=40),
                  st.text(alphabet=st.characters(max_codepoint=0x3000), min_size=1, max_size=40))
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def raw_controls(output: str) -> list[str]:
    """Characters that must never reach a terminal raw (newline separates lines, so it is allowed)."""
    return [c for c in output if c != "\n" and not c.isprintable()]


def command_lines(output: str) -> list[str]:
    return [line for line in output.split("\n") if re.match(r"\s*(::|##\[)", line)]


def plan_naming(name: str) -> Plan:
    plan = Plan("sandbox", "local")
    plan.changes = [
        Change(f"channel.{name}", "channel", name, Action.CREATE, after={"name": name}, reason=f"new {name}"),
        Change(f"skill.{name}", "skill", name, Action.UPDATE, before={"description": name},
               after={"description": "x"}, attributes=[AttributeChange(f"channels[{name!r}]", name, "x")],
               reason="differs", renamed_from=name),
        Change(f"channel.{name}2", "channel", name, Action.CREATE, manual=True, manual_reason=f"log in as {name}",
               ui_path=f"ACD > Digital > {name}", reason="manual"),
    ]
    plan.unmanaged = [f"role.{name}"]
    plan.diagnostics = [diagnostic_naming(name)]
    return plan


def diagnostic_naming(name: str, severity: Severity = Severity.ERROR) -> Diagnostic:
    return Diagnostic("RF001", severity, f"unknown skill {name}", f"specs/{name}.yaml", 3, 5, ("skills", name))


@SETTINGS
@given(names)
def test_text_plan_never_prints_raw_controls_or_a_workflow_command(name):
    output = plan_text.render(plan_naming(name))
    assert raw_controls(output) == [] and command_lines(output) == []
    assert len(output.split("\n")) == len(plan_text.render(plan_naming("x")).split("\n"))  # no line injected


@SETTINGS
@given(names)
def test_colored_text_plan_has_only_its_own_escape_sequences(name):
    output = plan_text.render(plan_naming(name), color=True)
    assert [c for c in re.sub(r"\x1b\[\d+m", "", output) if c != "\n" and not c.isprintable()] == []


@SETTINGS
@given(names)
def test_text_diagnostics_one_line_each(name):
    output = diagnostics_text.render([diagnostic_naming(name), diagnostic_naming(name, Severity.WARNING)])
    assert raw_controls(output) == [] and command_lines(output) == []
    assert output.count("\n") == 3


@SETTINGS
@given(names)
def test_github_annotations_are_one_command_each_with_the_message_intact(name):
    diagnostic = diagnostic_naming(name)
    output = diagnostics_github.render([diagnostic])
    [line] = output.splitlines()
    assert raw_controls(output) == []
    match = re.fullmatch(r"::error (?P<props>[^:]*)::(?P<message>.*)", line)
    assert match, line
    properties = dict(part.split("=", 1) for part in match["props"].split(","))
    assert set(properties) == {"file", "line", "col", "title"}
    decoded = match["message"].replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")
    assert decoded == terminal(diagnostic.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
                               ).replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")


@SETTINGS
@given(names)
def test_json_diagnostics_round_trip_exactly_and_show_nothing_raw(name):
    diagnostic = diagnostic_naming(name)
    output = diagnostics_json.render([diagnostic])
    assert raw_controls(output) == [] and command_lines(output) == []
    [record] = json.loads(output)["diagnostics"]
    assert record["message"] == diagnostic.message and record["file"] == diagnostic.file


@SETTINGS
@given(names)
def test_json_plan_round_trips_exactly_and_shows_nothing_raw(name):
    output = plan_json.render(plan_naming(name))
    assert raw_controls(output) == [] and command_lines(output) == []
    assert json.loads(output)["changes"][0]["name"] == name


@SETTINGS
@given(names)
def test_text_runbook_never_prints_raw_controls_or_a_workflow_command(name):
    """Issue 20 item 7: the runbook printed names raw (`Evil\\n::error title=X::y`)."""
    from acdplan.report import plan_runbook

    output = plan_runbook.render(plan_naming(name))
    assert raw_controls(output) == [] and command_lines(output) == []


@SETTINGS
@given(names)
def test_graph_text_never_prints_raw_controls_or_a_workflow_command(name):
    """Issue 20 item 7: `acdplan graph` (DOT, Mermaid) printed names raw."""
    from acdplan.report.graph import render_dot, render_mermaid

    for output in (render_dot([(f"skill.{name}", "campaign.C")]), render_mermaid([(f"role.{name}", "channel.C")])):
        assert raw_controls(output) == [] and command_lines(output) == []


def test_the_reported_runbook_injection_is_neutralised():
    from acdplan.report import plan_runbook

    output = plan_runbook.render(plan_naming("Evil\n::error title=X::y"))
    assert "create channel Evil\\x0a::error title=X::y" in output
    assert "\n::error" not in output


def test_the_reported_injection_is_neutralised():
    name = "Evil\n::error title=INJECTED::pwned"
    output = plan_text.render(plan_naming(name))
    assert "channel.Evil\\x0a::error title=INJECTED::pwned" in output
    assert no_commands("ok\n::error x::y\n  ##[warning]z\n") == "ok\n\\::error x::y\n  \\##[warning]z\n"


def test_injected_names_end_to_end(tmp_path, monkeypatch):
    """The reported attack through the CLI: a role named with a workflow command, a cursor-moving
    escape, CR and a right-to-left override; validate, plan and apply refuse the name (NM002,
    issue 20) and print none of it raw."""
    import shutil

    from click.testing import CliRunner

    from acdplan.cli import main
    from tests.conftest import EXAMPLE_SPECS

    shutil.copytree(EXAMPLE_SPECS, tmp_path / "specs")
    with open(tmp_path / "specs" / "roles.yaml", "a") as roles:
        roles.write('  "Evil\\n::error title=INJECTED::pwned\\e[1A\\e[2K\\r\\u202e":\n'
                    '    description: "x\\n::warning::y"\n')
    monkeypatch.chdir(tmp_path)
    outputs = []
    for args in (["validate"], ["validate", "--format", "json"], ["validate", "--format", "github"],
                 ["plan", "--no-color"], ["plan", "--format", "json"], ["apply", "--auto-approve"]):
        result = CliRunner().invoke(main, args, catch_exceptions=False)
        assert result.exit_code == 1, result.output
        outputs.append((args, result.stdout + result.stderr))
    for args, output in outputs:
        assert raw_controls(output) == [], args
        if "github" not in args:
            assert command_lines(output) == [], args
        else:
            assert all(line.startswith("::error file=specs/roles.yaml,") for line in output.splitlines())
    assert "NM002" in outputs[0][1] and "U+000A LINE FEED" in outputs[0][1]
    assert "NM001" not in outputs[0][1]  # one message for one fault


# The formats of the pull-request loop: the same properties.
@SETTINGS
@given(names)
def test_markdown_plan_escapes_names(name):
    from acdplan.report import plan_markdown
    from acdplan.report.markdown_safe import WORD_JOINER

    output = plan_markdown.render(plan_naming(name))
    # the escaper's own word joiner after `@` (no mailto autolink) is the one invisible character allowed
    assert raw_controls(output.replace(WORD_JOINER, "")) == [] and command_lines(output) == []
    for row in (line for line in output.split("\n") if line.startswith("|")):
        assert row.endswith("|")


@SETTINGS
@given(names)
def test_sarif_round_trips_and_shows_nothing_raw(name):
    from acdplan.report import diagnostics_sarif

    diagnostic = diagnostic_naming(name)
    output = diagnostics_sarif.render([diagnostic])
    assert raw_controls(output) == []
    document = json.loads(output)
    assert document["runs"][0]["results"][0]["message"]["text"].endswith(diagnostic.message)


@SETTINGS
@given(names)
def test_junit_is_well_formed_xml_with_nothing_raw(name):
    from acdplan.report import diagnostics_junit

    output = diagnostics_junit.render([diagnostic_naming(name)], files=[f"specs/{name}.yaml"])
    assert raw_controls(output) == []
    ElementTree.fromstring(output.split("?>", 1)[1])
