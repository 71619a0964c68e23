"""Rule branches the examples do not reach, messages, and exact positions."""

from __future__ import annotations

import pytest

from acdplan.validate import validate_path
from tests.conftest import EXAMPLE_SPECS
from tests.rules.helpers import patched_spec, rule_ids, validate_document


def findings(tmp_path, snippet: str, rule: str):
    result = validate_document(patched_spec(snippet), tmp_path)
    return [d for d in result.diagnostics if d.rule == rule]


PREFERRED = "skills:\n  IG_Direct_FR:\n    routing:\n      criteria: preferred_agent\n      preferred_agent: {{metric: same_case, fallback: when_offline{timeout}}}\n"


@pytest.mark.parametrize("timeout,fires", [("", True), (", timeout_seconds: 0", True),
                                           (", timeout_seconds: 5256001", True), (", timeout_seconds: 5256000", False),
                                           (", timeout_seconds: 1", False)])
def test_sk008_timeout_range(tmp_path, timeout, fires):
    assert bool(findings(tmp_path, PREFERRED.format(timeout=timeout), "SK008")) is fires


@pytest.mark.parametrize("duration,fires", [("{hours: 24}", True), ("{minutes: 60}", True), ("{days: -1}", True),
                                            ("{days: 0, hours: 0}", True), ('"0m"', True), ('"25h"', True),
                                            ('"1d23h59m"', False), ("{minutes: 30}", False)])
def test_sl002_parts(tmp_path, duration, fires):
    snippet = f"channels:\n  Instagram Direct FR:\n    sla:\n      first_response: {duration}\n      resolution: 30d\n"
    assert bool(findings(tmp_path, snippet, "SL002")) is fires


def test_max_by_tenant_default_for_unheld_skills(tmp_path):
    snippet = ("tenant: {agent_application: max}\nskills:\n  IG_Spare_FR: {campaign: Social, popurl: true, "
               "agent_response_countdown_seconds: 60}\n")
    assert findings(tmp_path, snippet, "SK007") and findings(tmp_path, snippet, "SK012")
    assert "tenant default" in findings(tmp_path, snippet, "SK007")[0].message


def test_sk014_names_the_first(tmp_path):
    [finding] = findings(tmp_path, "skills:\n  IG_DIRECT_FR: {campaign: Social}\n", "SK014")
    assert "'IG_Direct_FR'" in finding.message and finding.path == ("skills", "IG_DIRECT_FR")


def test_rf001_suggests_or_says_where_to_declare(tmp_path):
    [close] = findings(tmp_path, "skills:\n  IG_Direct_FR: {campaign: Socail}\n", "RF001")
    assert "did you mean 'Social'?" in close.message
    [far] = findings(tmp_path / "b", "skills:\n  IG_Direct_FR: {campaign: Marketing}\n", "RF001")
    assert "declare it under campaigns:" in far.message


def test_invalid_naming_pattern_is_reported_once(tmp_path):
    [finding] = findings(tmp_path, "tenant:\n  naming: {skill_pattern: '([A-Z'}\n", "SK013")
    assert "not a valid regular expression" in finding.message


def test_queue_using_a_sub_skill_silences_sk006(tmp_path):
    snippet = ("skills:\n  IG_Direct_FR: {sub_skill: true}\nrouting_queues:\n  Legacy:\n    filters:\n"
               "      Social: {included_skills: [IG_Direct_FR]}\n")
    result = validate_document(patched_spec(snippet), tmp_path)
    assert "SK006" not in rule_ids(result)


def test_exact_positions_across_files(tmp_path):
    (tmp_path / "a.yaml").write_text(
        "campaigns: {Social: {}}\nscripts: {Routing: {}}\nskills:\n  IG_FR:\n    campaign: Social\n")
    (tmp_path / "b.yaml").write_text(
        "channels:\n  IG:\n    type: email\n    account: {id: x}\n    default_skill: IG_Fr\n"
        "    default_script: Routing\nroles:\n  Agents:\n    admin_permissions: [digital_engagement.view]\n"
        "    channels:\n      IG: [view, reply]\n")
    by_rule = {d.rule: d for d in validate_path(tmp_path).diagnostics}
    reference = by_rule["RF001"]
    assert (reference.file.endswith("b.yaml"), reference.line, reference.column) == (True, 5, 20)
    assert "did you mean 'IG_FR'?" in reference.message
    skills_view = by_rule["RL002"]
    assert (skills_view.file.endswith("b.yaml"), skills_view.line, skills_view.column) == (True, 9, 5)


def test_the_example_tenant_is_clean():
    assert validate_path(EXAMPLE_SPECS).diagnostics == []
