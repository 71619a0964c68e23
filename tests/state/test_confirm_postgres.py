"""`acdplan confirm` on the PostgreSQL backend (issue 19, item 2): pending manual steps written by
apply, confirmed with who/when/values, kept in the state and its history; the next plan is empty."""

from __future__ import annotations

import json

import pytest

from acdplan.emulator import perform_manual_steps
from tests.conftest import run_cli
from tests.emulated_project import emulated_project, example_spec, started_emulator


@pytest.fixture
def emulator():
    server = started_emulator()
    yield server
    server.stop()


def test_confirm_on_postgres(tmp_path, emulator, monkeypatch, pg_dsn, pg_schema):
    root = emulated_project(tmp_path, emulator, monkeypatch,
                            state={"backend": "postgres", "dsn_env": "ACDPLAN_STATE_DSN", "schema": pg_schema})
    monkeypatch.setenv("ACDPLAN_ACTOR", "dominique")
    perform_manual_steps(emulator, example_spec())
    applied = run_cli("-C", str(root), "apply", "-e", "emu", "--auto-approve", "--import-existing")
    assert applied.exit_code == 3, applied.output
    perform_manual_steps(emulator, example_spec())
    shown = run_cli("-C", str(root), "plan", "-e", "emu", "--format", "json")
    pending = json.loads(shown.stdout)["summary"]["pending"]
    assert pending > 0

    pulled = json.loads(run_cli("-C", str(root), "state", "pull", "-e", "emu").stdout)
    assert len(pulled["manual_steps"]) == pending
    confirmed = run_cli("-C", str(root), "confirm", "-e", "emu", "--all")
    assert confirmed.exit_code == 0, confirmed.output
    final = run_cli("-C", str(root), "plan", "-e", "emu", "--detailed-exitcode")
    assert final.exit_code == 0 and "No changes." in final.stdout, final.output

    pulled = json.loads(run_cli("-C", str(root), "state", "pull", "-e", "emu").stdout)
    assert not pulled.get("manual_steps")
    assert len(pulled["confirmed"]) == pending
    assert {record["by"] for record in pulled["confirmed"].values()} == {"dominique"}
    history = json.loads(run_cli("-C", str(root), "state", "history", "-e", "emu", "--json").stdout)
    assert history[-1]["operation"] == "confirm" and history[-1]["who"] == "dominique"
