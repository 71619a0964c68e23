"""Every plan says what it does to service: removing two agents from Messenger FR on the
applied example tenant shows the channel's prediction before -> after in each format."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import run_cli
from tests.report.markdown_html import to_html

LINE = re.compile(r"^  Messenger FR: (\d+\.\d)% -> (\d+\.\d)% within 1h \(goal 80%\)  BELOW GOAL$", re.MULTILINE)


@pytest.fixture
def applied(project):
    assert run_cli("apply", "--auto-approve").exit_code == 0
    return project


def remove_two_messenger_agents(project) -> None:
    agents = project / "specs" / "agents.yaml"
    text = agents.read_text()
    text = text.replace("skills: {WA_Livraison_FR: 2, MSG_Service_FR: 1}", "skills: {WA_Livraison_FR: 2}")
    text = text.replace("skills: {MSG_Service_FR: 2}", "skills: {}")
    agents.write_text(text)


def test_the_text_plan_shows_before_after_and_warns_below_goal(applied):
    remove_two_messenger_agents(applied)
    result = run_cli("plan")
    assert result.exit_code == 0, result.output
    before, after = map(float, LINE.search(result.output).groups())
    assert before >= 95 and after < 80
    assert "warning CP002 channel 'Messenger FR': the plan brings first responses within 1h to a predicted" in result.output
    # Instagram Direct FR shares camille with Messenger FR: its figure moves too, and is shown.
    assert "  Instagram Direct FR: " in result.output


def test_json_markdown_and_the_report_carry_it(applied):
    remove_two_messenger_agents(applied)
    data = json.loads(run_cli("plan", "--format", "json").output)
    messenger = next(row for row in data["capacity"] if row["channel"] == "Messenger FR")
    assert messenger["before"]["agents"] == 3 and messenger["after"]["agents"] == 1
    assert messenger["below_goal"] is True and messenger["goal_percent"] == 80
    assert messenger["after"]["predicted_percent"] < messenger["before"]["predicted_percent"]
    assert any(d["rule"] == "CP002" for d in data["diagnostics"])

    page = to_html(run_cli("plan", "--format", "markdown").output)
    cells = re.search(r"<tr>\s*<td>Messenger FR</td>\s*<td>1h</td>\s*<td align=\"right\">80%</td>\s*"
                      r"<td align=\"right\">([\d.]+)%</td>\s*<td align=\"right\">([\d.]+)% BELOW GOAL</td>", page)
    assert cells, page
    assert float(cells.group(2)) == messenger["after"]["predicted_percent"]

    assert run_cli("report", "-o", "report.html", "--sla-from", "2026-11-23").exit_code == 0
    report = (applied / "report.html").read_text()
    assert '<section id="forecast">' in report and '<tr class="below"><th scope="row">Messenger FR</th>' in report


def test_the_saved_plan_keeps_it(applied):
    remove_two_messenger_agents(applied)
    assert run_cli("plan", "-o", "plan.json").exit_code == 0
    shown = run_cli("show", "plan.json")
    assert LINE.search(shown.output)


def test_the_warning_is_a_setting_like_any_rule(applied):
    remove_two_messenger_agents(applied)
    (applied / "acdplan.yaml").write_text("specs: specs/\nrules:\n  CP002: off\n")
    result = run_cli("plan")
    assert "CP002" not in result.output and LINE.search(result.output)
    (applied / "acdplan.yaml").write_text("specs: specs/\nrules:\n  CP002: error\n")
    assert run_cli("plan").exit_code == 1


def test_a_plan_that_moves_nobody_simulates_nothing(applied):
    skills = applied / "specs" / "skills.yaml"
    skills.write_text(skills.read_text().replace("Instagram Direct sales questions, French", "Instagram sales, French"))
    data = json.loads(run_cli("plan", "--format", "json").output)
    assert data["summary"]["update"] == 1 and data["capacity"] == []  # the skill changed, not who answers
    assert "forecast" not in run_cli("plan").output
