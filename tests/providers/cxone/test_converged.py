"""Issue 19, items 1 and 2: after apply, and after a person did and confirmed the manual steps it
listed, the next plan is empty. Through the command line, against the emulator over loopback."""

from __future__ import annotations

import json

import pytest
import yaml

from acdplan.emulator import perform_manual_steps
from tests.conftest import run_cli
from tests.emulated_project import emulated_project, example_spec, started_emulator


@pytest.fixture
def emulator():
    server = started_emulator()
    yield server
    server.stop()


def cli(root, *args):
    return run_cli("-C", str(root), *args)


def plan_json(root) -> dict:
    result = cli(root, "plan", "-e", "emu", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_applied_then_confirmed_plans_no_changes(tmp_path, emulator, monkeypatch):
    root = emulated_project(tmp_path, emulator, monkeypatch)
    monkeypatch.setenv("ACDPLAN_ACTOR", "camille")
    perform_manual_steps(emulator, example_spec())  # the channels, made by a person before acdplan ran
    applied = cli(root, "apply", "-e", "emu", "--auto-approve", "--import-existing")
    assert applied.exit_code == 3, applied.output  # steps are left to a person

    after_apply = plan_json(root)
    pending = [change for change in after_apply["changes"] if change.get("pending")]
    assert pending and after_apply["summary"]["pending"] == len(pending)
    assert after_apply["summary"]["update"] == after_apply["summary"]["manual"] == 0  # shown once, as pending
    assert {change["kind"] for change in pending} >= {"tenant", "skill", "channel"}
    for change in pending:
        assert change["manual"] and "changed outside acdplan" not in change["reason"]
        assert not change.get("drift")
    text = cli(root, "plan", "-e", "emu", "--detailed-exitcode")
    assert text.exit_code == 2
    assert f"{len(pending)} pending manual." in text.stdout and "changed outside acdplan" not in text.stdout
    for format_name, marker in (("markdown", "pending manual"), ("runbook", "PENDING MANUAL")):
        shown = cli(root, "plan", "-e", "emu", "--format", format_name)
        assert shown.exit_code == 0 and marker in shown.stdout, shown.output
    report = cli(root, "report", "-e", "emu", "-o", str(tmp_path / "report.html"))
    assert report.exit_code == 0, report.output
    assert "PENDING MANUAL" in (tmp_path / "report.html").read_text(encoding="utf-8")

    again = cli(root, "apply", "-e", "emu", "--auto-approve")
    assert again.exit_code == 3  # still pending: apply exits 3 only while steps wait on a person
    state_file = root / ".acdplan/state/emu.json"
    state = json.loads(state_file.read_text(encoding="utf-8"))
    assert sorted(state["manual_steps"]) == sorted(change["address"] for change in pending)

    perform_manual_steps(emulator, example_spec())  # a person does them (what the emulator can hold)
    done_in_part = plan_json(root)
    assert not [c for c in done_in_part["changes"] if c.get("drift") or "outside" in c["reason"]]
    one = pending[0]["address"]
    confirmed = cli(root, "confirm", "-e", "emu", one)
    assert confirmed.exit_code == 0 and f"confirmed {one}" in confirmed.stdout
    assert plan_json(root)["summary"]["pending"] == len(pending) - 1
    everything = cli(root, "confirm", "-e", "emu", "--all")
    assert everything.exit_code == 0, everything.output

    final = cli(root, "plan", "-e", "emu", "--detailed-exitcode")
    assert final.exit_code == 0, final.output
    assert "No changes." in final.stdout
    assert cli(root, "apply", "-e", "emu", "--auto-approve").exit_code == 0

    state = json.loads(state_file.read_text(encoding="utf-8"))
    assert not state.get("manual_steps")
    record = state["confirmed"][one]
    assert record["by"] == "camille" and record["at"] and record["values"]
    history = cli(root, "state", "history", "-e", "emu", "--json")
    assert history.exit_code == 0
    versions = json.loads(history.stdout)
    confirmations = [v for v in versions if any(line.startswith("set confirmed.") for line in v["changes"])]
    assert len(confirmations) == 2 and all(v["who"] == "camille" and v["operation"] == "confirm"
                                           for v in confirmations)


def test_a_hand_kept_value_changed_in_the_specs_plans_the_manual_step_again(tmp_path, emulator, monkeypatch):
    root = emulated_project(tmp_path, emulator, monkeypatch)
    perform_manual_steps(emulator, example_spec())
    assert cli(root, "apply", "-e", "emu", "--auto-approve", "--import-existing").exit_code == 3
    perform_manual_steps(emulator, example_spec())  # the skills' countdowns, now the skills exist
    assert cli(root, "confirm", "-e", "emu", "--all").exit_code == 0
    assert cli(root, "plan", "-e", "emu", "--detailed-exitcode").exit_code == 0

    tenant_file = root / "specs/tenant.yaml"
    data = yaml.safe_load(tenant_file.read_text(encoding="utf-8"))
    data["tenant"]["agent_application"] = "max" if data["tenant"].get("agent_application") != "max" else "cxone_agent"
    tenant_file.write_text(yaml.safe_dump(data), encoding="utf-8")
    document = plan_json(root)
    acting = [change for change in document["changes"] if change["action"] != "noop"]
    assert acting[0]["address"] == "tenant.settings"  # and the agents that take the tenant's application
    assert all(change["manual"] and not change.get("pending") and not change.get("drift") for change in acting)
    change = acting[0]
    assert [a["path"] for a in change["attributes"]] == ["agent_application"]
    assert "agent_application" in change["manual_reason"]


def test_confirm_refuses_what_is_not_pending(tmp_path, emulator, monkeypatch):
    root = emulated_project(tmp_path, emulator, monkeypatch)
    nothing = cli(root, "confirm", "-e", "emu", "--all")
    assert nothing.exit_code == 0 and "No pending manual steps" in nothing.stdout
    unknown = cli(root, "confirm", "-e", "emu", "skill.NOPE")
    assert unknown.exit_code == 1 and "no pending manual step for skill.NOPE" in unknown.stderr
    usage = cli(root, "confirm", "-e", "emu")
    assert usage.exit_code == 1
    both = cli(root, "confirm", "-e", "emu", "--all", "skill.X")
    assert both.exit_code == 1



def test_a_pending_step_whose_values_the_specs_change_is_asked_again(tmp_path, emulator, monkeypatch):
    root = emulated_project(tmp_path, emulator, monkeypatch)
    perform_manual_steps(emulator, example_spec())
    assert cli(root, "apply", "-e", "emu", "--auto-approve", "--import-existing").exit_code == 3
    assert any(c["address"] == "tenant.settings" and c.get("pending") for c in plan_json(root)["changes"])
    tenant_file = root / "specs/tenant.yaml"
    data = yaml.safe_load(tenant_file.read_text(encoding="utf-8"))
    data["tenant"]["sla"] = {"first_response": {"hours": 2}, "resolution": {"days": 1}}
    tenant_file.write_text(yaml.safe_dump(data), encoding="utf-8")
    changed = next(c for c in plan_json(root)["changes"] if c["address"] == "tenant.settings")
    assert changed["manual"] and not changed.get("pending")  # other values: a new step, not the pending one
    assert cli(root, "apply", "-e", "emu", "--auto-approve").exit_code == 3
    state = json.loads((root / ".acdplan/state/emu.json").read_text(encoding="utf-8"))
    assert state["manual_steps"]["tenant.settings"]["values"]["sla"] == {"first_response": 120, "resolution": 1440}
    assert next(c for c in plan_json(root)["changes"] if c["address"] == "tenant.settings").get("pending")
