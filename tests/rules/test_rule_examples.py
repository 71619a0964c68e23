"""Every rule has a failing and a passing case: its own `bad` and `good` snippets from the catalogue.

The snippets are what `acdplan rules ID` shows users, so this also proves the documentation.
"""

from __future__ import annotations

import pytest

from acdplan.validate.catalogue import all_rules
from tests.rules.helpers import BASE, patched_spec, rule_ids, validate_document

DOMAIN_RULE_IDS = {
    "CH001", "CH002", "CH003", "CH004", "CH005", "CH006", "CH007", "RL001", "RL002", "RL003",
    "AG001", "AG002", "AG003", "AG004", "AG005", *(f"SK{n:03d}" for n in range(1, 15)),
    "RQ002", "SL001", "SL002", "SL003", "SL004", "SL005", "RF001",
}
OTHER_STAGE_IDS = {"YM001", "YM002", "YM003", "YM004", "SC001", "TP001", "RQ001", "PF001", "IG001"}
DOMAIN_RULES = [info for info in all_rules() if info.stage == "rules"]


def test_the_catalogue_is_domain_md():
    assert {info.id for info in DOMAIN_RULES} == DOMAIN_RULE_IDS
    assert {info.id for info in all_rules()} == DOMAIN_RULE_IDS | OTHER_STAGE_IDS


def test_the_base_spec_is_clean(tmp_path):
    result = validate_document(patched_spec(""), tmp_path)
    assert result.diagnostics == []
    assert BASE.exists()


@pytest.mark.parametrize("info", DOMAIN_RULES, ids=lambda info: info.id)
def test_rule_metadata_is_complete(info):
    assert info.summary and info.fix and info.why and info.bad and info.good
    assert info.fact or info.id == "RF001"


@pytest.mark.parametrize("info", DOMAIN_RULES, ids=lambda info: info.id)
def test_bad_example_fires_the_rule(info, tmp_path):
    result = validate_document(patched_spec(info.bad), tmp_path)
    assert info.id in rule_ids(result), [(d.rule, d.message) for d in result.diagnostics]


@pytest.mark.parametrize("info", DOMAIN_RULES, ids=lambda info: info.id)
def test_good_example_is_clean(info, tmp_path):
    result = validate_document(patched_spec(info.good), tmp_path)
    assert result.diagnostics == [], [(d.rule, d.message) for d in result.diagnostics]
