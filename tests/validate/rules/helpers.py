"""Apply a rule's YAML snippet to the base spec (RFC 7386 merge patch, acdplan/validate/rule_examples.py) and
validate the result.

Each family's test module (test_channels.py for CH, ...) sets `FAMILY` and imports the three
example tests below; conftest.py parametrizes them with that family's rules from the catalogue,
so every rule's failing and fixed snippets (what `acdplan rules ID` shows) are run.
"""

from __future__ import annotations

from acdplan.validate.rule_examples import BASE, merge_patch, patched_spec, validate_document  # noqa: F401


def rule_ids(result) -> set[str]:
    return {diagnostic.rule for diagnostic in result.diagnostics}


def findings(tmp_path, snippet: str, rule: str):
    result = validate_document(patched_spec(snippet), tmp_path)
    return [d for d in result.diagnostics if d.rule == rule]


def test_rule_metadata_is_complete(info):
    assert info.summary and info.fix and info.why and info.bad and info.good
    assert info.fact or info.source_url or info.id in ("RF001", "NM001", "NM002", "NM003")  # model rules cite no source


def test_bad_example_fires_the_rule(info, tmp_path):
    result = validate_document(patched_spec(info.bad), tmp_path)
    assert info.id in rule_ids(result), [(d.rule, d.message) for d in result.diagnostics]


def test_good_example_is_clean(info, tmp_path):
    result = validate_document(patched_spec(info.good), tmp_path)
    assert result.diagnostics == [], [(d.rule, d.message) for d in result.diagnostics]
