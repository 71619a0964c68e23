"""`acdplan validate` and `acdplan rules` end to end: exit codes, formats, positions."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from acdplan.cli import main
from tests.conftest import EXAMPLE_SPECS

SARIF_SCHEMA = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "sarif" / "sarif-schema-2.1.0.json"


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def broken(tmp_path) -> Path:
    """The example specs with a channel's default skill removed and a misspelt field."""
    folder = tmp_path / "specs"
    shutil.copytree(EXAMPLE_SPECS, folder)
    channels = folder / "channels.yaml"
    lines = channels.read_text().splitlines()
    lines.remove("    default_skill: MSG_Service_FR")
    channels.write_text("\n".join(lines) + "\n")
    skills = folder / "skills.yaml"
    skills.write_text(skills.read_text().replace("    campaign: Service_Client\n    service_level: {goal_percent: 90",
                                                 "    campain: Service_Client\n    service_level: {goal_percent: 90"))
    return folder


def test_example_specs_are_valid():
    result = run("validate", str(EXAMPLE_SPECS))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().startswith("valid: 0 errors, 0 warnings in 6 files")


def test_broken_specs_fail_with_positions(broken):
    result = run("validate", str(broken), "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["valid"] is False
    unknown = [d for d in document["diagnostics"] if d["rule"] == "SC001"]
    assert len(unknown) == 1 and "did you mean 'campaign'?" in unknown[0]["message"]
    text = (broken / "skills.yaml").read_text().splitlines()
    line = next(number for number, row in enumerate(text, 1) if "campain:" in row)
    assert (unknown[0]["file"].endswith("skills.yaml"), unknown[0]["line"], unknown[0]["column"]) == (True, line, 5)


def test_rules_run_once_the_schema_passes(broken):
    (broken / "skills.yaml").write_text((broken / "skills.yaml").read_text().replace("campain:", "campaign:"))
    document = json.loads(run("validate", str(broken), "--format", "json").stdout)
    assert [d["rule"] for d in document["diagnostics"]] == ["CH001"]
    assert document["diagnostics"][0]["fact"] == "F3"


def test_strict_makes_warnings_fail(tmp_path):
    folder = tmp_path / "specs"
    shutil.copytree(EXAMPLE_SPECS, folder)
    tenant = folder / "tenant.yaml"
    tenant.write_text(tenant.read_text().replace("  dynamic_delivery: true", "  dynamic_delivery: true\n  # x\n", 1))
    catalog = folder / "catalog.yaml"
    catalog.write_text(catalog.read_text().replace("description: Social media and messaging contacts",
                                                   "description: yes"))
    relaxed = run("validate", str(folder))
    assert relaxed.exit_code == 0 and "YM003" in relaxed.stdout
    assert run("validate", str(folder), "--strict").exit_code == 1


@pytest.mark.skipif(not SARIF_SCHEMA.exists(), reason="the shared SARIF schema is not beside the repository")
def test_sarif_of_a_broken_spec_validates(broken):
    result = run("validate", str(broken), "--format", "sarif")
    assert result.exit_code == 1
    jsonschema.Draft7Validator(json.loads(SARIF_SCHEMA.read_text())).validate(json.loads(result.stdout))


def test_github_and_junit_formats(broken):
    github = run("validate", str(broken), "--format", "github")
    assert github.exit_code == 1 and github.stdout.startswith("::error file=")
    junit = run("validate", str(broken), "--format", "junit")
    assert junit.exit_code == 1 and "<testsuite" in junit.stdout


def test_template_variables_from_the_command_line(tmp_path):
    folder = tmp_path / "specs"
    shutil.copytree(EXAMPLE_SPECS, folder)
    catalog = folder / "catalog.yaml"
    catalog.rename(folder / "catalog.yaml.j2")
    (folder / "catalog.yaml.j2").write_text(
        (folder / "catalog.yaml.j2").read_text().replace("Routes emails by mailbox", "Routes emails ({{ country }})"))
    assert run("validate", str(folder), "--var", "country=FR").exit_code == 0
    missing = run("validate", str(folder), "--format", "json")
    assert missing.exit_code == 1
    assert [d["rule"] for d in json.loads(missing.stdout)["diagnostics"]] == ["TP001"]
    assert run("validate", str(folder), "--var", "nonsense").exit_code == 1


def test_usage_errors_exit_1():
    assert run("validate", "--format", "xml").exit_code == 1
    assert run("nope").exit_code == 1


def test_rules_table_and_detail():
    table = run("rules")
    assert table.exit_code == 0 and "CH001" in table.stdout and "PF001" in table.stdout
    detail = run("rules", "sk008")
    assert detail.exit_code == 0
    assert "F22" in detail.stdout and "Fails" in detail.stdout and "Passes:" in detail.stdout
    unknown = CliRunner().invoke(main, ["rules", "SK08"])
    assert unknown.exit_code == 1 and "did you mean" in unknown.stderr
    records = json.loads(run("rules", "--format", "json").stdout)
    assert {record["id"] for record in records} >= {"CH001", "RF001", "YM004"}


def test_validate_in_a_subprocess():
    result = subprocess.run([sys.executable, "-m", "acdplan", "validate", str(EXAMPLE_SPECS), "--format", "json"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["valid"] is True
