"""Hand-made entries are kept on every action, delete included (issue 20, item 1).

Removing an agent from the specs must not take the skills a person gave it by hand: the plan
says which entries it keeps, and both providers leave them in the tenant. What acdplan removes
comes from what it made (its state), never from the tenant's read-back."""

from __future__ import annotations

import copy

from acdplan.plan import Action
from acdplan.report import plan_markdown, plan_text
from tests.conftest import run_cli
from tests.plan.sandbox_runner import Sandbox
from tests.plan.small_tenant import BEFORE
from tests.providers.cxone.batch_project import AGENTS, apply, batch_spec, plan, started_emulator, write_project

USER = "a@example.com"


def _change(plan, address):
    return next(c for c in plan.changes if c.address == address)


def test_removing_an_agent_from_the_specs_keeps_its_hand_made_skill_in_the_sandbox(tmp_path):
    sandbox = Sandbox(tmp_path)
    assert sandbox.apply(BEFORE)[1].exit_code == 0
    provider = sandbox.provider()  # a person gives the agent a voice skill by hand
    body = dict(provider.document["objects"]["agent"][USER])
    body["skills"] = {**body["skills"], "Voice_FR": 2}
    provider.store.append(provider.document, [{"op": "set", "path": ["objects", "agent", USER], "value": body}])
    provider.close()
    specs = copy.deepcopy(BEFORE)
    del specs["agents"][USER]

    planned, *_ = sandbox.plan(specs)
    change = _change(planned, f"agent.{USER}")
    assert change.action is Action.DELETE
    assert list(change.kept) == [("skills", "Voice_FR")]
    assert "keeps what was made by hand: skills.Voice_FR" in plan_text.render(planned)
    assert "made by hand &#40;skills&#46;Voice&#95;FR&#41;" in plan_markdown.render(planned)  # the PR comment too

    assert sandbox.apply(specs)[1].exit_code == 0
    assert sandbox.tenant()["agent"][USER]["skills"] == {"Voice_FR": 2}  # acdplan's OLD_FR went, the voice skill stays
    assert f"agent.{USER}" not in sandbox.state_resources()  # no longer acdplan's
    assert sandbox.pending(specs) == []  # the next plan is empty


def test_removing_an_agent_without_hand_made_skills_still_removes_it_from_the_sandbox(tmp_path):
    sandbox = Sandbox(tmp_path)
    sandbox.apply(BEFORE)
    specs = copy.deepcopy(BEFORE)
    del specs["agents"][USER]
    planned, *_ = sandbox.plan(specs)
    assert list(_change(planned, f"agent.{USER}").kept) == []
    sandbox.apply(specs)
    assert USER not in sandbox.tenant()["agent"]


def test_removing_an_agent_from_the_specs_keeps_its_hand_made_skill_in_cxone(tmp_path, monkeypatch):
    data = batch_spec()
    emulator = started_emulator(data)
    try:
        write_project(tmp_path, emulator, data, monkeypatch)
        assert apply().exit_code == 0
        user = AGENTS[0]
        tenant = emulator.tenant
        voice = tenant.add_skill("Voice_FR", "Social", media_type_id=9)  # digital: the agent stays readable
        agent_id = tenant.find("agents", "userName", user)["agentId"]
        tenant.data["assignments"][f"{agent_id}:{voice}"] = {
            "agentId": agent_id, "skillId": voice, "agentProficiencyValue": 4, "isActive": True}
        del data["agents"][user]
        write_project(tmp_path, emulator, data, monkeypatch)

        planned = run_text_plan()
        assert f"- agent.{user}" in planned
        assert "keeps what was made by hand: skills.Voice_FR" in planned
        assert apply().exit_code == 0
        held = {key: value for key, value in tenant.data["assignments"].items() if value["agentId"] == agent_id}
        assert [value["skillId"] for value in held.values()] == [voice]  # acdplan's skills went, Voice_FR stays
        assert plan("--detailed-exitcode").exit_code == 0  # converged: the user is no longer acdplan's
    finally:
        emulator.stop()


def run_text_plan() -> str:
    result = run_cli("plan", "-e", "emu", "--no-color")
    assert result.exit_code == 0, result.output
    return result.output
