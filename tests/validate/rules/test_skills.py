"""Skill rules (SK): examples, the timeout range, the MAX default, naming and sub-skills."""

from __future__ import annotations

import pytest

from tests.validate.rules.helpers import (  # noqa: F401  (the example tests run per family)
    findings,
    patched_spec,
    rule_ids,
    test_bad_example_fires_the_rule,
    test_good_example_is_clean,
    test_rule_metadata_is_complete,
    validate_document,
)

FAMILY = "SK"


PREFERRED = "skills:\n  IG_Direct_FR:\n    routing:\n      criteria: preferred_agent\n      preferred_agent: {{metric: same_case, fallback: when_offline{timeout}}}\n"


@pytest.mark.parametrize("timeout,fires", [("", True), (", timeout_seconds: 0", True),
                                           (", timeout_seconds: 5256001", True), (", timeout_seconds: 5256000", False),
                                           (", timeout_seconds: 1", False)])
def test_sk008_timeout_range(tmp_path, timeout, fires):
    assert bool(findings(tmp_path, PREFERRED.format(timeout=timeout), "SK008")) is fires


def test_max_by_tenant_default_for_unheld_skills(tmp_path):
    snippet = ("tenant: {agent_application: max}\nskills:\n  IG_Spare_FR: {campaign: Social, popurl: true, "
               "agent_response_countdown_seconds: 60}\n")
    assert findings(tmp_path, snippet, "SK007") and findings(tmp_path, snippet, "SK012")
    assert "tenant default" in findings(tmp_path, snippet, "SK007")[0].message


def test_sk014_names_the_first(tmp_path):
    [finding] = findings(tmp_path, "skills:\n  IG_DIRECT_FR: {campaign: Social}\n", "SK014")
    assert "'IG_Direct_FR'" in finding.message and finding.path == ("skills", "IG_DIRECT_FR")


def test_invalid_naming_pattern_is_reported_once(tmp_path):
    [finding] = findings(tmp_path, "tenant:\n  naming: {skill_pattern: '([A-Z'}\n", "SK013")
    assert "not a valid regular expression" in finding.message


def test_queue_using_a_sub_skill_silences_sk006(tmp_path):
    snippet = ("skills:\n  IG_Direct_FR: {sub_skill: true}\nrouting_queues:\n  Legacy:\n    filters:\n"
               "      Social: {included_skills: [IG_Direct_FR]}\n")
    result = validate_document(patched_spec(snippet), tmp_path)
    assert "SK006" not in rule_ids(result)

