"""Issue 10 item 9 (the YAML, name and path parts): each smaller failure, fixed and tested."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from acdplan.cli import main
from acdplan.load.yaml_source import parse_yaml
from acdplan.validate import validate_path
from tests.conftest import EXAMPLE_SPECS


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def example(tmp_path, **replacements):
    folder = tmp_path / "specs"
    shutil.copytree(EXAMPLE_SPECS, folder)
    for file, (old, new) in replacements.items():
        path = folder / f"{file}.yaml"
        text = path.read_text()
        assert old in text
        path.write_text(text.replace(old, new, 1))
    return folder


def test_local_path_pointing_at_a_folder_is_a_clean_error(tmp_path, monkeypatch):
    example(tmp_path)
    (tmp_path / "tenant-dir").mkdir()
    (tmp_path / "acdplan.yaml").write_text("environments:\n  sandbox: {provider: local, path: tenant-dir}\n")
    monkeypatch.chdir(tmp_path)
    for command in (["plan"], ["apply", "--auto-approve"]):
        result = run(*command)
        assert result.exit_code == 1 and "path:" in result.output and "is a folder, expected a file" in result.output
        assert "Traceback" not in result.output


def test_state_dir_pointing_at_a_file_is_a_clean_error(tmp_path, monkeypatch):
    example(tmp_path)
    (tmp_path / "state").write_text("")
    (tmp_path / "acdplan.yaml").write_text("environments:\n  sandbox: {provider: local, state_dir: state}\n")
    monkeypatch.chdir(tmp_path)
    result = run("plan")
    assert result.exit_code == 1 and "is a file, expected a folder" in result.output


def test_spec_path_that_is_not_a_spec_file_is_a_clean_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("skills: {}\n")
    result = run("validate", "notes.txt")
    assert result.exit_code == 1 and "not a spec file" in result.output


def test_cyrillic_look_alike_in_a_name_is_a_warning(tmp_path):
    folder = example(tmp_path, catalog=("campaigns:\n", "campaigns:\n  Sоcial: {}\n"))  # a Cyrillic о
    result = validate_path(folder)
    [warning] = result.diagnostics
    assert (warning.rule, warning.severity.value) == ("NM001", "warning")
    assert "U+043E CYRILLIC SMALL LETTER O" in warning.message and "S\\u043ecial" in warning.message
    assert warning.file.endswith("catalog.yaml") and (warning.line, warning.column) == (3, 3)


def test_bidi_override_in_a_name_is_a_warning(tmp_path):
    folder = example(tmp_path, catalog=("scripts:\n", "scripts:\n  \"DFO_\\u202egnituoR\": {}\n"))
    [warning] = validate_path(folder).diagnostics
    assert warning.rule == "NM001" and "U+202E RIGHT-TO-LEFT OVERRIDE" in warning.message


def test_plain_names_in_any_script_pass(tmp_path):
    folder = example(tmp_path, catalog=("campaigns:\n", "campaigns:\n  Équipe Ελλάδα: {}\n  Социальный: {}\n"))
    assert validate_path(folder).diagnostics == []


def test_time_zone_must_be_in_the_iana_database(tmp_path):
    folder = example(tmp_path, tenant=("timezone: Europe/Paris", "timezone: Mars/Olympus"))
    [error] = validate_path(folder).diagnostics
    assert (error.rule, error.severity.value) == ("WH001", "error") and "'Mars/Olympus'" in error.message
    assert error.file.endswith("tenant.yaml") and error.line == 10
    folder = example(tmp_path / "b", tenant=("timezone: Europe/Paris", "timezone: America/Argentina/Ushuaia"))
    assert validate_path(folder).diagnostics == []


def test_unquoted_boolean_word_as_a_key_gets_ym003():
    parsed = parse_yaml("scripts:\n  yes: {}\n  'no': {}\n  On: {}\n  off: x\n", "s.yaml")
    assert parsed.data == {"scripts": {"yes": {}, "no": {}, "On": {}, "off": "x"}}
    assert [(d.rule, d.line, d.column, d.path) for d in parsed.diagnostics] == [
        ("YM003", 2, 3, ("scripts", "yes")), ("YM003", 4, 3, ("scripts", "On")), ("YM003", 5, 3, ("scripts", "off"))]


def test_key_warning_reaches_the_cli(tmp_path, monkeypatch):
    example(tmp_path, catalog=("scripts:\n", "scripts:\n  on: {}\n"))
    monkeypatch.chdir(tmp_path)
    result = run("validate", "--format", "json")
    assert [d["rule"] for d in json.loads(result.stdout)["diagnostics"]] == ["YM003"]
