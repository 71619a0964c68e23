"""A damaged state, journal or sandbox: a diagnostic naming the file and its backup, and the
documented recovery through `acdplan state` commands; never a traceback, never a silent reset."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from acdplan.cli import main
from tests.state.projects import Clone

STATE = ".acdplan/state/production.json"


@pytest.fixture
def project(tmp_path, monkeypatch):
    clone = Clone(tmp_path / "p", tmp_path / "p" / ".acdplan" / "sandbox.json", "local", None, None)
    monkeypatch.chdir(clone.folder)
    assert run("apply", "--auto-approve").exit_code == 0
    clone.remove_from_specs("agents", "lucas.bernard@maisonlumiere.fr")
    assert run("apply", "--auto-approve").exit_code == 0  # a second version: the backup holds the first
    return clone


def run(*args: str):
    result = CliRunner().invoke(main, [*args, "-e", "production"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def refused(result, file: str, backup: str | None = None) -> str:
    assert result.exit_code == 1
    assert f"{file}:" in result.stderr and "ST001" in result.stderr
    assert f"{backup or file}.backup (serial" in result.stderr  # the backup is named, with its version
    assert "acdplan state push --force" in result.stderr
    return result.stderr


@pytest.mark.parametrize("damage", [b'{"lineage": "x", "serial": 3, "resou', b"", b"[]", b'{"resources": 7}'])
def test_a_damaged_state_file_stops_plan_and_apply_naming_it_and_its_backup(project, damage):
    (project.folder / STATE).write_bytes(damage)
    refused(run("plan"), str(project.folder / STATE))
    refused(run("apply", "--auto-approve"), str(project.folder / STATE))


def test_recovery_from_the_backup_with_state_commands(project):
    state = project.folder / STATE
    good = json.loads(state.read_bytes())
    state.write_bytes(b"\x00\x00garbage")
    salvaged = run("state", "pull", "--salvage")
    assert salvaged.exit_code == 0
    recovered = json.loads(salvaged.stdout)
    # The newest good version: the history reaches past the backup (issue 20: salvage took an older one).
    assert recovered["lineage"] == good["lineage"] and recovered["serial"] == good["serial"]
    assert recovered["resources"] == good["resources"]
    assert f"salvaged serial {good['serial']}" in salvaged.stderr
    (project.folder / "recovered.json").write_text(salvaged.stdout)
    assert run("state", "push", "recovered.json").exit_code == 1  # the serial check cannot pass here
    assert run("state", "push", "--force", "recovered.json").exit_code == 0
    assert list((project.folder / ".acdplan/state").glob("production.json.damaged-*"))  # kept for inspection
    assert run("plan", "--detailed-exitcode").exit_code == 0
    history = run("state", "history").stdout.splitlines()
    assert "state push" in history[-1]


def test_salvage_falls_back_to_the_backup_when_the_history_is_gone(project):
    state = project.folder / STATE
    good = json.loads(state.read_bytes())
    state.write_bytes(b"\x00\x00garbage")
    (project.folder / ".acdplan/state/production.history.jsonl").unlink(missing_ok=True)
    for history in (project.folder / ".acdplan/state").glob("*history*"):
        history.unlink()
    salvaged = run("state", "pull", "--salvage")
    assert salvaged.exit_code == 0
    recovered = json.loads(salvaged.stdout)
    assert recovered["lineage"] == good["lineage"] and recovered["serial"] < good["serial"]  # the backup
    (project.folder / "recovered.json").write_text(salvaged.stdout)
    assert run("state", "push", "--force", "recovered.json").exit_code == 0
    plan = run("plan", "--detailed-exitcode", "--no-color")
    # The backup predates the agent's deletion: the plan only forgets it, the tenant is right already.
    assert plan.exit_code == 2 and "0 to create, 0 to update, 0 to replace, 0 to delete" in plan.stdout
    assert "gone from the tenant already: forget it" in plan.stdout


def test_a_missing_state_beside_its_backup_is_not_a_fresh_start(project):
    (project.folder / STATE).unlink()
    refused(run("plan"), str(project.folder / STATE))


def test_a_damaged_journal_record_with_records_after_it_is_reported(project):
    journal = project.folder / (STATE + ".journal")
    state = json.loads((project.folder / STATE).read_bytes())
    records = [json.dumps({"serial": state["serial"] + n, "ops": []}) for n in (1, 2)]
    journal.write_text(records[0][:-5] + "\n" + records[1] + "\n")
    message = refused(run("plan"), str(journal), str(project.folder / STATE))
    assert "record 1 is damaged" in message
    salvaged = run("state", "pull", "--salvage")
    assert json.loads(salvaged.stdout)["serial"] == state["serial"]


def test_a_torn_last_journal_line_is_a_crash_and_ignored(project):
    journal = project.folder / (STATE + ".journal")
    journal.write_text('{"serial": 999, "ops": [{"op": "se')
    assert run("plan").exit_code == 0


def test_a_damaged_sandbox_names_its_backup(project):
    sandbox = project.folder / ".acdplan" / "sandbox.json"
    sandbox.write_text("{not json")
    result = run("plan")
    assert result.exit_code == 1 and f"{sandbox}:1:2" in result.stderr and "ST001" in result.stderr
    assert f"{sandbox}.backup (serial" in result.stderr


@pytest.mark.parametrize("damage", [
    lambda tenant: tenant.update(objects=7),
    lambda tenant: tenant["objects"].update(skill=[1, 2]),
    lambda tenant: tenant.update(ids=[]),
    lambda tenant: tenant["objects"]["skill"].update({next(iter(tenant["objects"]["skill"])): [1]}),
])
def test_a_sandbox_of_the_wrong_shape_is_st001_for_plan_and_apply(project, damage):
    """Valid JSON, wrong shape: the plan's encoded read and the apply's full read both say which
    part is wrong and where the backup is."""
    sandbox = project.folder / ".acdplan" / "sandbox.json"
    tenant = json.loads(sandbox.read_bytes())
    damage(tenant)
    sandbox.write_text(json.dumps(tenant))
    for result in (run("plan"), run("apply", "--auto-approve")):
        assert result.exit_code == 1 and f"{sandbox}:" in result.stderr and "ST001" in result.stderr, result.output
        assert "must be" in result.stderr and f"{sandbox}.backup (serial" in result.stderr
