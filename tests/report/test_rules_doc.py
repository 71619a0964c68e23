"""docs/rules.md is generated from the catalogue and current; SARIF's helpUri points at its anchors."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from acdplan.cli import main
from acdplan.diagnostics import Diagnostic, Severity
from acdplan.report import diagnostics_sarif, rules_markdown
from acdplan.validate.catalogue import all_rules
from tests.conftest import REPO_ROOT

RULES_MD = REPO_ROOT / "docs" / "rules.md"


def test_docs_rules_md_is_current():
    generated = CliRunner().invoke(main, ["rules", "--format", "markdown"]).stdout
    assert RULES_MD.read_text(encoding="utf-8") == generated, \
        "docs/rules.md is stale: run `acdplan rules --format markdown > docs/rules.md`"


def test_one_anchor_per_rule():
    headings = re.findall(r"^## (\S+)$", RULES_MD.read_text(encoding="utf-8"), re.MULTILINE)
    assert headings == [info.id for info in all_rules()]


def test_sarif_rules_link_to_their_section():
    document = json.loads(diagnostics_sarif.render([Diagnostic("CH007", Severity.ERROR, "x", "specs/c.yaml", 2, 3)]))
    rules = document["runs"][0]["tool"]["driver"]["rules"]
    text = RULES_MD.read_text(encoding="utf-8")
    for rule in rules:
        base, _, fragment = rule["helpUri"].partition("#")
        assert base == rules_markdown.RULES_URL and base.endswith("/docs/rules.md")
        assert f"\n## {fragment.upper()}\n" in text and fragment == rule["id"].lower()  # GitHub's heading anchor
    assert rules[document["runs"][0]["results"][0]["ruleIndex"]]["id"] == "CH007"


def test_a_rule_citing_an_outside_source_shows_it_in_docs_and_sarif():
    """Issue 21, item 5: a rule carries a guide fact or an outside source (a URL and a line of why)."""
    from acdplan.validate.catalogue import RuleInfo

    meta = RuleInfo("CH999", Severity.WARNING, "an Instagram channel answers later than 24 hours",
                    "answer within Meta's messaging window", why="Meta closes the conversation after 24 hours.",
                    source_url="https://developers.facebook.com/docs/messenger-platform/policy/policy-overview")
    section = rules_markdown.render([meta])
    assert f"Source: <{meta.source_url}>" in section and "Why: Meta closes" in section and "facts" not in section
    record = diagnostics_sarif._rule_record(meta)
    assert record["properties"]["source_url"] == meta.source_url and "fact" not in record["properties"]
    assert record["helpUri"].endswith("/docs/rules.md#ch999")  # a built-in rule stays documented in docs/rules.md
