"""acdplan.yaml: environments, template variables from vars and vars_file, clean errors."""

from __future__ import annotations

import json

from click.testing import CliRunner

from acdplan.cli import main
from acdplan.config import load_config
from tests.conftest import REPO_ROOT


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_the_repository_project_file_loads():
    config = load_config(REPO_ROOT)
    assert set(config.environments) == {"sandbox", "emulator", "production"}
    assert config.environment(None).provider == "local"
    assert config.environment("production").settings["safety"]["max_delete_count"] == 50


def test_environment_vars_and_vars_file_render_templates(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "vars").mkdir()
    (tmp_path / "vars" / "fr.yaml").write_text("country: FR\nteam: Social\n")
    (tmp_path / "acdplan.yaml").write_text(
        "specs: tenant/\nenvironments:\n  france:\n    provider: local\n    vars_file: vars/fr.yaml\n"
        "    vars: {team: Ventes}\n")
    (tmp_path / "tenant").mkdir()
    (tmp_path / "tenant" / "catalog.yaml.j2").write_text("campaigns:\n  {{ team }}_{{ country }}: {}\n")
    assert run("graph", "-e", "france", "--format", "dot").exit_code == 0
    validated = run("validate", "-e", "france", "--format", "json")
    assert validated.exit_code == 0, validated.output
    listed = run("validate", "-e", "france", "--var", "team=Service")
    assert listed.exit_code == 0
    missing = run("validate", "--format", "json")  # the default sandbox defines no variables
    assert missing.exit_code == 1 and json.loads(missing.stdout)["diagnostics"][0]["rule"] == "TP001"


def test_a_broken_project_file_is_a_diagnostic(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "acdplan.yaml").write_text("environments:\n  prod:\n    provider: cxone\n    base_url: http://x\n")
    result = run("plan")
    assert result.exit_code == 1
    assert "acdplan.yaml:4:5: error CF001 unknown field 'base_url'" in result.stderr
    assert "Traceback" not in result.output


def test_an_unknown_environment_is_named(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "acdplan.yaml").write_text("environments:\n  prod:\n    provider: local\n")
    result = run("plan", "-e", "staging")
    assert result.exit_code == 1 and "no environment named 'staging' (known: prod)" in result.stderr
