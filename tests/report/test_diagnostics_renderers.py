"""Diagnostic renderers: JSON shape, SARIF against the OASIS schema, GitHub escaping, JUnit."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import jsonschema
import pytest

from acdplan.diagnostics import Diagnostic, Location, Severity
from acdplan.report.diagnostics_formats import FORMATS
from acdplan.report.diagnostics_github import command

SARIF_SCHEMA = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "sarif" / "sarif-schema-2.1.0.json"

DIAGNOSTICS = [
    Diagnostic("CH001", Severity.ERROR, "channel 'IG' has no default skill", "specs/channels.yaml", 12, 5,
               ("channels", "IG"), "F3"),
    Diagnostic("YM003", Severity.WARNING, "unquoted 'yes'", "specs/skills.yaml", 3, 14, ("skills", "A", "popurl")),
    Diagnostic("YM002", Severity.ERROR, "declared twice,\nsee: both", "specs/b.yaml", 1, 1, ("skills", "A"),
               related=(Location("specs/a.yaml", 2, 3),)),
    Diagnostic("SAFETY", Severity.ERROR, "no file here"),
]
FILES = ["specs/a.yaml", "specs/b.yaml", "specs/channels.yaml", "specs/skills.yaml"]


def test_json_has_the_contract_shape():
    document = json.loads(FORMATS["json"](DIAGNOSTICS, False, FILES))
    assert document["format_version"] == 1 and document["valid"] is False
    assert document["summary"] == {"errors": 3, "warnings": 1}
    first = document["diagnostics"][0]
    assert first == {"rule": "CH001", "severity": "error", "message": "channel 'IG' has no default skill",
                     "fact": "F3", "file": "specs/channels.yaml", "line": 12, "column": 5, "path": ["channels", "IG"]}
    assert document["diagnostics"][2]["related"] == [{"file": "specs/a.yaml", "line": 2, "column": 3}]


def test_json_valid_respects_strict():
    warning_only = [DIAGNOSTICS[1]]
    assert json.loads(FORMATS["json"](warning_only, False, FILES))["valid"] is True
    assert json.loads(FORMATS["json"](warning_only, True, FILES))["valid"] is False


@pytest.mark.skipif(not SARIF_SCHEMA.exists(), reason="the shared SARIF schema is not beside the repository")
def test_sarif_validates_against_the_oasis_schema():
    document = json.loads(FORMATS["sarif"](DIAGNOSTICS, False, FILES))
    jsonschema.Draft7Validator(json.loads(SARIF_SCHEMA.read_text())).validate(document)
    run = document["runs"][0]
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert "CH001" in rule_ids and "SC001" in rule_ids
    result = run["results"][0]
    assert result["ruleId"] == "CH001" and rule_ids[result["ruleIndex"]] == "CH001"
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 12, "startColumn": 5}
    assert run["results"][2]["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "specs/a.yaml"
    again = json.loads(FORMATS["sarif"](DIAGNOSTICS, False, FILES))
    assert again["runs"][0]["results"][0]["partialFingerprints"] == result["partialFingerprints"]


def test_github_annotations_escape_data_and_properties():
    text = command(Diagnostic("YM002", Severity.ERROR, "50% done,\nnext: line", "specs/a,b:c.yaml", 1, 2))
    assert text == "::error file=specs/a%2Cb%3Ac.yaml,line=1,col=2,title=YM002::50%25 done,%0Anext: line"
    assert command(DIAGNOSTICS[1]).startswith("::warning file=specs/skills.yaml,line=3,col=14,title=YM003::")
    assert FORMATS["github"](DIAGNOSTICS, False, FILES).count("\n") == len(DIAGNOSTICS)


def test_junit_has_one_case_per_diagnostic_and_per_clean_file():
    root = ElementTree.fromstring(FORMATS["junit"](DIAGNOSTICS, False, FILES + ["specs/clean.yaml"]).split("?>", 1)[1])
    suite = root.find("testsuite")
    cases = {case.get("name"): case for case in suite.findall("testcase")}
    assert list(cases) == ["CH001 specs/channels.yaml:12:5", "YM003 specs/skills.yaml:3:14", "YM002 specs/b.yaml:1:1",
                           "SAFETY acdplan", "clean specs/a.yaml", "clean specs/clean.yaml"]
    assert suite.get("tests") == "6" and suite.get("failures") == "3"
    assert cases["CH001 specs/channels.yaml:12:5"].find("failure").get("type") == "CH001"
    assert cases["CH001 specs/channels.yaml:12:5"].get("classname") == "acdplan.validate.specs/channels.yaml"
    assert cases["YM003 specs/skills.yaml:3:14"].find("failure") is None  # a warning, not strict
    assert "YM003" in cases["YM003 specs/skills.yaml:3:14"].find("system-out").text
    assert cases["clean specs/a.yaml"].find("failure") is None
    strict = ElementTree.fromstring(FORMATS["junit"](DIAGNOSTICS, True, FILES).split("?>", 1)[1])
    assert strict.find("testsuite").get("failures") == "4"


def test_text_lines_and_summary():
    text = FORMATS["text"](DIAGNOSTICS, False, FILES)
    assert text.splitlines()[0] == "specs/channels.yaml:12:5: error CH001 channel 'IG' has no default skill"
    assert text.splitlines()[-1] == "3 errors, 1 warning in 4 files"
    assert FORMATS["text"]([], False, FILES).strip() == "valid: 0 errors, 0 warnings in 4 files"


def test_markdown_lists_each_finding_and_reads_back_as_written():
    from tests.report.markdown_html import to_html

    hostile = Diagnostic("CH001", Severity.ERROR, "name <b>x</b> | `tick` [link](http://e.x) @team", "specs/a|b.yaml", 3, 4)
    markdown = FORMATS["markdown"]([*DIAGNOSTICS, hostile], False, FILES)
    assert markdown.startswith("**acdplan validate:** 4 errors, 1 warning in 4 files")
    items = [line for line in markdown.splitlines() if line.startswith("- ")]
    assert len(items) == 5 and items[0].startswith("- **error** [CH001](<https://github.com/acdplan/acdplan/blob/main/docs/rules.md#ch001>)")
    rendered = to_html(markdown)
    assert "<b>x</b>" not in rendered and 'href="http://e.x"' not in rendered
    assert "name &lt;b&gt;x&lt;/b&gt; | `tick` [link](http://e.x) @" in rendered.replace("\u2060", "")
