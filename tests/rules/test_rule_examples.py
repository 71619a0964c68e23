"""Every rule has a failing and a passing case: its own `bad` and `good` snippets from the catalogue.

The snippets are what `acdplan rules ID` shows users, so this also proves the documentation.
"""

from __future__ import annotations

import pytest

from acdplan.validate.catalogue import all_rules
from tests.rules.helpers import BASE, patched_spec, rule_ids, validate_document

DOMAIN_RULES = [info for info in all_rules() if info.stage == "rules"]


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
