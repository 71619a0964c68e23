"""plan / apply / plan on the example specs, end to end through the command line."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from acdplan.cli import main
from acdplan.state import StateLock
from tests.conftest import EXAMPLE_SPECS


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A copy of the example specs in a fresh folder, as the working directory (no acdplan.yaml)."""
    shutil.copytree(EXAMPLE_SPECS, tmp_path / "specs")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_plan_apply_plan_converges(project):
    first = run("plan", "--no-color")
    assert first.exit_code == 0, first.output
    assert "to create" in first.output and "Plan: " in first.output
    applied = run("apply", "--auto-approve", "--no-color")
    assert applied.exit_code == 0, applied.output
    assert "Apply complete." in applied.output
    again = run("plan", "--detailed-exitcode")
    assert again.exit_code == 0, again.output
    assert "No changes." in again.output


def test_detailed_exitcode_reports_changes_and_errors(project):
    assert run("plan", "--detailed-exitcode").exit_code == 2
    assert run("plan", "--detailed-exitcode", "no-such-folder").exit_code == 1
    usage = run("plan", "--detailed-exitcode", "--format", "nope")
    assert usage.exit_code == 1  # a usage error is an error, never 2 (CLI.md)


def test_plan_json_has_the_contract_shape(project):
    result = run("plan", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["format_version"] == 1 and document["environment"] == "sandbox"
    assert document["state_fingerprint"].startswith("sha256:")
    assert set(document["summary"]) >= {"create", "update", "replace", "delete", "manual", "unchanged"}
    change = document["changes"][0]
    assert set(change) >= {"address", "kind", "name", "action", "before", "after", "attributes", "depends_on",
                           "manual", "ui_path"}
    skills = [c for c in document["changes"] if c["kind"] == "skill"]
    channels = [c for c in document["changes"] if c["kind"] == "channel"]
    order = [c["address"] for c in document["changes"]]
    for channel in channels:
        assert order.index("skill." + channel["after"]["default_skill"]) < order.index(channel["address"])
    assert skills and all(c["action"] == "create" for c in document["changes"])


def test_saved_plan_applies_once_then_is_refused(project):
    assert run("plan", "-o", "plan.json").exit_code == 0
    applied = run("apply", "plan.json", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    again = run("apply", "plan.json", "--auto-approve")
    assert again.exit_code == 1
    assert "applied already" in again.stderr


def test_stale_saved_plan_is_refused(project):
    assert run("plan", "-o", "plan.json").exit_code == 0
    assert run("apply", "--auto-approve").exit_code == 0  # the state moves on
    stale = run("apply", "plan.json", "--auto-approve")
    assert stale.exit_code == 1
    assert "stale" in stale.stderr


def test_apply_without_a_terminal_needs_auto_approve(project):
    result = run("apply", input="")
    assert result.exit_code == 1
    assert "--auto-approve" in result.stderr
    assert "No changes" not in run("plan").output  # nothing was applied


def test_apply_refuses_while_another_run_holds_the_lock(project):
    lock = StateLock(project / ".acdplan" / "state" / "sandbox.lock", "apply")
    info = lock.acquire()
    try:
        result = run("apply", "--auto-approve")
        assert result.exit_code == 1
        assert info.id in result.stderr and "held by" in result.stderr
    finally:
        lock.release()
    forced = run("force-unlock", "no-such-lock")
    assert forced.exit_code == 1


def test_force_unlock_removes_a_dead_runs_lock(project):
    lock_path = project / ".acdplan" / "state" / "sandbox.lock"
    info = StateLock(lock_path, "apply").acquire()  # never released: the run "died"
    result = run("force-unlock", info.id)
    assert result.exit_code == 0 and not lock_path.exists()
    assert run("apply", "--auto-approve").exit_code == 0


def test_safety_threshold_and_force(project):
    assert run("apply", "--auto-approve").exit_code == 0
    for name in ("agents.yaml", "roles.yaml", "channels.yaml"):
        path = project / "specs" / name
        if path.exists():
            path.unlink()
    refused = run("plan")
    assert refused.exit_code == 1
    assert "safety threshold" in refused.stderr
    assert run("plan", "--force").exit_code == 0


def test_markdown_and_runbook_formats(project):
    markdown = run("plan", "--format", "markdown")
    assert markdown.exit_code == 0 and "Plan" in markdown.stdout.splitlines()[0]
    runbook = run("plan", "--format", "runbook")
    assert runbook.exit_code == 0 and "ACD > Contact Settings > ACD Skills" in runbook.stdout


def test_graph_and_coverage(project):
    graph = run("graph")
    assert graph.exit_code == 0 and graph.stdout.startswith("graph LR")
    dot = run("graph", "--format", "dot")
    assert dot.exit_code == 0 and "->" in dot.stdout
    coverage = run("coverage")
    assert coverage.exit_code == 0, coverage.output
    assert "0 with gaps" in coverage.stdout


def test_plan_and_apply_in_a_subprocess(project):
    env = dict(os.environ)
    command = [sys.executable, "-m", "acdplan"]
    plan = subprocess.run(command + ["plan", "--detailed-exitcode"], capture_output=True, text=True, env=env)
    assert plan.returncode == 2, plan.stderr
    apply = subprocess.run(command + ["apply", "--auto-approve", "--parallelism", "8"], capture_output=True,
                           text=True, env=env, stdin=subprocess.DEVNULL)
    assert apply.returncode == 0, apply.stderr
    again = subprocess.run(command + ["plan", "--detailed-exitcode"], capture_output=True, text=True, env=env)
    assert again.returncode == 0 and "No changes." in again.stdout
    assert "Traceback" not in plan.stderr + apply.stderr + again.stderr
