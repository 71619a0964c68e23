"""The reference rule (RF001): examples, suggestions, exact positions across files."""

from __future__ import annotations

from acdplan.validate import validate_path
from tests.conftest import EXAMPLE_SPECS
from tests.validate.rules.helpers import (  # noqa: F401  (the example tests run per family)
    findings,
    patched_spec,
    rule_ids,
    test_bad_example_fires_the_rule,
    test_good_example_is_clean,
    test_rule_metadata_is_complete,
    validate_document,
)

FAMILY = "RF"


def test_rf001_suggests_or_says_where_to_declare(tmp_path):
    [close] = findings(tmp_path, "skills:\n  IG_Direct_FR: {campaign: Socail}\n", "RF001")
    assert "did you mean 'Social'?" in close.message
    [far] = findings(tmp_path / "b", "skills:\n  IG_Direct_FR: {campaign: Marketing}\n", "RF001")
    assert "declare it under campaigns:" in far.message


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
