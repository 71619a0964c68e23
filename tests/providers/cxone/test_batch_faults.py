"""The batch fault matrix (issue 19, item 5): a fault injected on each batch route in turn, each way
a batch call can end, then the next apply converges without `--import-existing`.

Every object a batch call wrote is recorded as acdplan's whatever happened to the later calls of
the batch, and a call whose outcome is unknown is read back before the state records it: so the
apply after the fault never stops with IM001, never creates a second skill, and the plan after it
is "No changes" (exit 0 with --detailed-exitcode). Through the command line, over real HTTP."""

from __future__ import annotations

import json

import pytest

from acdplan.emulator.route_faults import KINDS
from tests.conftest import run_cli
from tests.providers.cxone.batch_project import AGENTS, SKILLS, apply, batch_spec, plan, started_emulator, write_project

BATCH_ROUTES = {  # the calls that carry many objects at once (docs/CXONE.md)
    "POST /skills": ("POST", r"/services/v[0-9.]+/skills$"),
    "PUT /agents": ("PUT", r"/services/v[0-9.]+/agents$"),
    "POST /agents/skills": ("POST", r"/services/v[0-9.]+/agents/skills$"),
}


@pytest.fixture
def project(tmp_path, monkeypatch):
    data = batch_spec()
    emulator = started_emulator(data)
    write_project(tmp_path, emulator, data, monkeypatch)
    yield emulator
    emulator.stop()


def owned() -> set[str]:
    """Addresses the state records as acdplan's: managed, or made by an apply not yet recorded (pending)."""
    pulled = run_cli("state", "pull", "-e", "emu")
    assert pulled.exit_code == 0, pulled.output
    state = json.loads(pulled.output)
    return set(state["resources"]) | set(state.get("pending") or {})


def resources() -> dict:
    pulled = run_cli("state", "pull", "-e", "emu")
    assert pulled.exit_code == 0, pulled.output
    return json.loads(pulled.output)["resources"]


@pytest.mark.parametrize("parallelism", ["1", "4"])
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("route", list(BATCH_ROUTES))
def test_a_fault_on_a_batch_route_then_the_next_apply_converges(project, route, kind, parallelism):
    method, path = BATCH_ROUTES[route]
    project.route_faults.add(method, path, kind, times=None)  # every call of that route, all retries included
    faulted = apply("--parallelism", parallelism)
    assert faulted.exit_code in (0, 1), faulted.output
    assert "Traceback" not in faulted.output
    assert project.route_faults.hits, f"{route} was never called"
    project.route_faults.clear()
    recorded = owned()
    for name in SKILLS:  # every object a batch call wrote is acdplan's in the state (or its intent to make it)
        if project.tenant.find("skills", "skillName", name) is not None:
            assert f"skill.{name}" in recorded, (name, faulted.output)
    for user in AGENTS:
        if project.tenant.find("agents", "userName", user).get("DigitalEngagementEnabled"):
            assert f"agent.{user}" in recorded, (user, faulted.output)

    again = apply("--parallelism", parallelism)
    assert again.exit_code == 0, again.output
    assert "IM001" not in again.output
    settled = run_plan()
    assert settled.exit_code == 0, settled.output  # --detailed-exitcode: no changes
    assert "No changes" in settled.output
    assert project.tenant.duplicates() == {}
    for name in SKILLS:
        assert project.creates("skills", name) == 1, name


def run_plan():
    return run_cli("plan", "-e", "emu", "--no-color", "--detailed-exitcode")


def test_a_cut_reply_to_a_full_batch_of_skills_loses_none(tmp_path, monkeypatch):
    """Issue 19's case: 120 skills (POST /skills batches of 100) and the answer to the first batch
    cut short, one step at a time: the state records all 120 after that very apply."""
    data = batch_spec(skills=120, agents=0)
    emulator = started_emulator(data, page_size=50)
    try:
        write_project(tmp_path, emulator, data, monkeypatch, page_size=50)
        emulator.route_faults.add(*BATCH_ROUTES["POST /skills"], "truncate", times=1)
        faulted = apply("--parallelism", "1")
        assert emulator.route_faults.hits and "Traceback" not in faulted.output
        assert {f"skill.{name}" for name in data["skills"]} <= set(resources())
        assert run_plan().exit_code == 0
        assert emulator.tenant.duplicates() == {}
    finally:
        emulator.stop()


def test_a_refused_skill_assignment_keeps_the_agents_the_batch_configured(project):
    """Issue 19's case: PUT /agents wrote the agents, POST /agents/skills was refused; with one step
    at a time the other agents never started. The state records all four as the tenant holds them."""
    project.route_faults.add(*BATCH_ROUTES["POST /agents/skills"], "refuse", times=None)
    faulted = apply("--parallelism", "1")
    assert faulted.exit_code == 1
    recorded = resources()
    for user in AGENTS:
        assert recorded[f"agent.{user}"]["document"]["digital_engagement"] is True
        assert recorded[f"agent.{user}"]["document"]["skills"] == {}  # what the tenant holds: no skill yet
    project.route_faults.clear()
    planned = plan()
    assert planned.exit_code == 0, planned.output
    body = json.loads(planned.output)
    acting = {change["address"]: change["action"] for change in body["changes"] if change["action"] != "noop"}
    assert acting == {f"agent.{user}": "update" for user in AGENTS}


@pytest.mark.parametrize("kind", [kind for kind in KINDS if kind != "drop-after"])
@pytest.mark.parametrize("route", ["PUT /agents", "POST /agents/skills"])
def test_a_fault_on_a_batch_of_updates_is_recorded_as_the_tenant_holds_it(project, route, kind, tmp_path, monkeypatch):
    """Agents acdplan manages, changed: after the fault, what the batch wrote is recorded (read back
    where in doubt), so the next plan claims no change made outside acdplan, and converges."""
    data = batch_spec()
    assert apply().exit_code == 0
    for number, user in enumerate(AGENTS):
        data["agents"][user]["description"] = f"agent {number}, changed"
        data["agents"][user]["skills"] = {SKILLS[-1]: 5}
    write_project(tmp_path, project, data, monkeypatch)
    project.route_faults.add(*BATCH_ROUTES[route], kind, times=None)
    faulted = apply("--parallelism", "1")
    assert "Traceback" not in faulted.output and project.route_faults.hits
    project.route_faults.clear()
    planned = run_cli("plan", "-e", "emu", "--no-color")
    assert "changed outside acdplan" not in planned.output, planned.output
    assert "IM001" not in planned.output
    assert apply().exit_code == 0
    assert run_plan().exit_code == 0
