"""The rule catalogue in the code is the one in docs/DOMAIN.md: same ids, same severities.

The expected set is read from the document users read, not written again here, so a rule added
to one and not the other fails this test.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from acdplan.validate.catalogue import all_rules

DOMAIN_MD = Path(__file__).resolve().parents[3] / "docs" / "DOMAIN.md"
ROW = re.compile(r"^\| ([A-Z]{2}\d{3}|SAFETY) \| (error|warning) \|", re.MULTILINE)


def documented() -> dict[str, str]:
    return dict(ROW.findall(DOMAIN_MD.read_text(encoding="utf-8")))


def test_every_documented_rule_is_in_the_catalogue_and_back():
    in_docs = documented()
    in_code = {info.id: info.severity.value for info in all_rules()}
    assert len(in_docs) > 40
    assert in_code == in_docs


def test_acdplan_rules_lists_every_documented_id():
    from click.testing import CliRunner

    from acdplan.cli import main

    listed = CliRunner().invoke(main, ["rules", "--format", "json"])
    assert listed.exit_code == 0
    assert {entry["id"] for entry in json.loads(listed.output)} == set(documented())


def test_the_base_spec_the_examples_patch_is_clean(tmp_path):
    from tests.validate.rules.helpers import BASE, patched_spec, validate_document

    assert BASE.exists()
    assert validate_document(patched_spec(""), tmp_path).diagnostics == []


def test_each_summary_is_the_one_documented():
    rows = dict(re.findall(r"^\| ([A-Z]{2}\d{3}|SAFETY) \| (?:error|warning) \| (.*?) \| [^|]* \|$",
                           DOMAIN_MD.read_text(encoding="utf-8"), re.MULTILINE))
    for info in all_rules():
        documented = rows[info.id].replace("`", "").split(";")[0].replace(" *(model)*", "")
        assert documented.startswith(info.summary.replace("`", "")[:40]), (info.id, info.summary, documented)
