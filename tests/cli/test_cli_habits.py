"""Terraform's habits: show PLANFILE, apply PLANFILE without asking, -C, acdplan.yaml found upward,
NO_COLOR / --no-color, -v / -q, --target, and shell completion."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from acdplan.cli import main
from tests.conftest import EXAMPLE_SPECS


@pytest.fixture
def project(tmp_path, monkeypatch):
    shutil.copytree(EXAMPLE_SPECS, tmp_path / "specs")
    (tmp_path / "acdplan.yaml").write_text(
        "specs: specs/\nenvironments:\n  staging:\n    provider: local\n    path: .acdplan/staging.json\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args, env=None, color=False):
    return CliRunner().invoke(main, list(args), env=env, color=color)


def test_apply_planfile_applies_the_reviewed_plan_without_asking(project):
    assert run("plan", "-e", "staging", "-o", "plan.json").exit_code == 0
    applied = run("apply", "-e", "staging", "plan.json")  # no terminal, no --auto-approve
    assert applied.exit_code == 0, applied.output
    assert "Apply complete." in applied.output and "Apply these changes?" not in applied.output
    assert json.loads((project / ".acdplan" / "staging.json").read_text())  # the tenant now holds it


def test_apply_specs_still_asks(project):
    result = run("apply", "-e", "staging")
    assert result.exit_code == 1 and "--auto-approve" in result.output


def test_show_renders_a_saved_plan_in_every_format(project):
    assert run("plan", "-o", "plan.json").exit_code == 0
    text = run("show", "plan.json")
    assert text.exit_code == 0 and "Plan: 22 to create" in text.stdout
    document = json.loads(run("show", "plan.json", "--format", "json").stdout)
    assert document["summary"]["create"] == 22
    markdown = run("show", "plan.json", "--format", "markdown").stdout
    assert markdown.startswith("**Plan for `sandbox`:** 22 to create")
    assert "1. create" in run("show", "plan.json", "--format", "runbook").stdout


@pytest.mark.parametrize("content", ["not json", "{}", "[1, 2]", '{"changes": [{"action": "explode"}]}'])
def test_show_refuses_what_is_not_a_plan_cleanly(project, content):
    (project / "bad.json").write_text(content)
    result = run("show", "bad.json")
    assert result.exit_code == 1 and (result.exception is None or isinstance(result.exception, SystemExit))
    assert "error PL001 bad.json is not a plan" in result.stderr
    missing = run("show", "missing.json")
    assert missing.exit_code == 1 and "error PL001 missing.json is not a plan" in missing.stderr


def test_chdir_runs_as_if_started_there(project, tmp_path_factory, monkeypatch):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    monkeypatch.chdir(elsewhere)
    result = run("-C", str(project), "plan", "-e", "staging")
    assert result.exit_code == 0 and "Plan: 22 to create" in result.stdout
    assert run("-C", str(elsewhere / "nope"), "validate").exit_code == 1


def test_project_file_is_found_upward_up_to_the_repository_root(project, monkeypatch):
    deep = project / "specs" / "nested" / "deeper"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    result = run("plan", "-e", "staging")  # `staging` exists only in ../../../acdplan.yaml
    assert result.exit_code == 0, result.output
    assert (project / "specs" / "nested" / ".git").mkdir() is None
    stopped = run("plan", "-e", "staging")  # a repository root in between: the search stops there
    assert stopped.exit_code == 1 and "no environment named 'staging'" in stopped.stderr


def test_no_color_flag_and_environment_variable(project):
    coloured = run("plan", "--color", color=True)
    assert "\x1b[32m" in coloured.stdout
    assert "\x1b[" not in run("--no-color", "plan", "--color", color=True).stdout
    assert "\x1b[" not in run("plan", "--color", env={"NO_COLOR": "1"}, color=True).stdout
    assert "\x1b[32m" in run("plan", "--color", env={"NO_COLOR": ""}, color=True).stdout  # empty: not set


def test_colours_are_stripped_on_a_pipe(project):
    piped = subprocess.run([sys.executable, "-c", "from acdplan.cli import main; main()", "plan", "--color"], capture_output=True, text=True,
                           cwd=project, check=False)
    assert piped.returncode == 0 and "Plan: 22 to create" in piped.stdout and "\x1b[" not in piped.stdout


def test_quiet_and_verbose(project):
    saved = run("plan", "-o", "plan.json")
    assert "Saved the plan to plan.json" in saved.stderr
    quiet = run("-q", "plan", "-o", "plan2.json")
    assert quiet.exit_code == 0 and "Saved the plan" not in quiet.stderr and "Plan: 22 to create" in quiet.stdout
    applied = run("-q", "apply", "plan.json")
    assert applied.exit_code == 0 and "[1/22]" not in applied.stderr and "Apply complete." in applied.stdout
    verbose = run("-v", "show", "plan2.json")
    assert "plan2.json: plan " in verbose.stderr and "for environment sandbox" in verbose.stderr
    assert "plan2.json: plan " not in run("show", "plan2.json").stderr
    assert run("-v", "-q", "validate").exit_code == 1
    detailed = run("-v", "validate")
    assert detailed.exit_code == 0 and "validated 6 files of " in detailed.stderr and "rule settings: none" in detailed.stderr
    assert "validated" not in run("validate").stderr


def test_target_plans_and_applies_one_object_and_its_dependencies(project):
    planned = run("plan", "--target", "channel.WhatsApp FR", "--no-color", "-o", "plan.json")
    assert planned.exit_code == 0, planned.output
    assert "Plan: 2 to create" in planned.stdout
    assert "skill.WA_Livraison_FR" in planned.stdout and "skill.IGD_Ventes_FR" not in planned.stdout
    assert run("apply", "plan.json").exit_code == 0
    after = json.loads(run("plan", "--format", "json").stdout)
    assert after["summary"]["create"] == 20
    applied = run("apply", "--auto-approve", "--target", "agent.hugo.thomas@maisonlumiere.fr")
    assert applied.exit_code == 0, applied.output
    assert json.loads(run("plan", "--format", "json").stdout)["summary"]["create"] == 20 - 6  # the agent, its role, the role's 2 channels not yet made and their skills
    unknown = run("plan", "--target", "skill.IGD_Ventes")
    assert unknown.exit_code == 1 and "did you mean 'skill.IGD_Ventes_FR'" in unknown.output
    assert run("apply", "plan.json", "--target", "skill.X").exit_code == 1


def test_shell_completion_script_is_served():
    script = Path(sys.executable).with_name("acdplan")  # the console script pip installed beside python
    result = subprocess.run([str(script)], capture_output=True,
                            text=True, env={**os.environ, "_ACDPLAN_COMPLETE": "bash_source"}, check=False)
    assert "_acdplan_completion" in result.stdout
