"""The conformance matrix: the provider against the emulator held to the strictest published evidence.

Rows: server page caps (1, 2, 50, 100, 1,000), 204 on empty lists, ids sent in their published
types (strings where cj:AdminAgentsService.ts types them so), and per-item results of the batch
routes (POST /skills, PUT /agents, POST /agents/skills). Every cell is a real read, or a real plan
and apply over HTTP on loopback, and checks what the tenant then holds.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import requests

from acdplan.apply import apply_plan
from tests.providers.cxone.conftest import seed_for, spec_data

ADMIN = "/incontactapi/services/v23.0"
CAPS = (1, 2, 50, 100, 1000)


def apply_then_converge(cxone, data: dict):
    _, result = cxone.apply(data)
    failed = [(step.change.address, step.error) for step in result.steps if step.status.value == "failed"]
    assert not failed, failed
    assert cxone.acting(data) == []  # the next plan has nothing left for the API
    return result


# --- page caps ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("cap", CAPS)
def test_page_cap(cxone, cap):
    cxone.emulator.max_page_size = cxone.emulator.dfo_max_page_size = cap
    cxone.settings["page_size"] = 100
    data = spec_data()
    for index in range(7):  # more objects than the smallest pages hold
        data["skills"][f"EXTRA_{index}"] = {"campaign": "Social"}
        data["agents"]["alice@example.com"]["skills"][f"EXTRA_{index}"] = 1 + index % 3
    seed_for(cxone.emulator, data, channels=True)
    for index in range(5):
        cxone.emulator.tenant.add_user(f"other{index}@example.com")  # users acdplan does not manage
    apply_then_converge(cxone, data)
    tenant = cxone.emulator.tenant
    assert set(data["skills"]) <= set(tenant.active_names("skills"))
    alice = tenant.find("agents", "userName", "alice@example.com")
    assigned = [a for a in tenant.data["assignments"].values() if a["agentId"] == alice["agentId"]]
    assert len(assigned) == len(data["agents"]["alice@example.com"]["skills"])
    assert not tenant.duplicates()


# --- 204 on empty lists --------------------------------------------------------------------------------


LISTS = ["/skills", "/agents", "/agents/skills", "/campaigns", "/scripts/search"]


@pytest.mark.parametrize("route", LISTS)
def test_an_empty_admin_list_is_204_and_reads_as_empty(cxone, route):
    provider = cxone.provider()
    try:
        token = provider.client.token()
        answer = requests.get(
            cxone.emulator.url + ADMIN + route, headers={"Authorization": f"Bearer {token}"}, timeout=5
        )
        assert answer.status_code == 204 and answer.content == b""
        key = {
            "/skills": "skills",
            "/agents": "agents",
            "/agents/skills": "agentSkillAssignments",
            "/campaigns": "campaigns",
            "/scripts/search": "scriptSearchDetails",
        }[route]
        assert provider.client.admin_list(route, key) == []
    finally:
        provider.close()


def test_a_tenant_with_empty_lists_plans_and_applies(cxone):
    """No skill, agent or assignment yet (204 on each list): the plan creates, the next converges."""
    data = spec_data()
    seed_for(cxone.emulator, data, channels=True)
    assert not cxone.emulator.tenant.data["skills"] and not cxone.emulator.tenant.data["assignments"]
    result = apply_then_converge(cxone, data)
    assert sum(1 for step in result.steps if step.change.kind == "skill" and step.status.value == "done") == 3


# --- ids in their published types ------------------------------------------------------------------------


def sent(emulator, method: str, suffix: str) -> list:
    return [body for _, m, path, body in emulator.log if m == method and path.endswith(suffix)]


def test_agent_ids_and_agent_skill_ids_are_sent_as_strings(cxone):
    data = spec_data()
    seed_for(cxone.emulator, data, channels=True)
    apply_then_converge(cxone, data)
    smaller = copy.deepcopy(data)
    del smaller["agents"]["alice@example.com"]["skills"]["MAIL_FR"]
    smaller["agents"]["bob@example.com"]["description"] = "Bob"
    apply_then_converge(cxone, smaller)
    agents = [entry for body in sent(cxone.emulator, "PUT", "/agents") for entry in body["agents"]]
    assert agents and all(isinstance(entry["agentId"], str) for entry in agents)
    assert all(isinstance(entry["roleId"], str) for entry in agents if "roleId" in entry)
    details = [d for body in sent(cxone.emulator, "POST", "/agents/skills") for d in body["agentAndSkillDetails"]]
    assert details and all(isinstance(agent, str) for d in details for agent in d["agentIds"])
    assert all(isinstance(skill["skillId"], str) for d in details for skill in d["skills"])
    removed = [body for _, m, path, body in cxone.emulator.log if m == "DELETE" and path.endswith("/skills")]
    assert removed and all(isinstance(item["skillId"], str) for body in removed for item in body["skills"])


@pytest.mark.parametrize(
    "method,route,body,field",
    [
        ("PUT", "/agents", {"agents": [{"agentId": 1001, "notes": ""}]}, "agents[0].agentId"),
        ("PUT", "/agents", {"agents": [{"agentId": "1001", "roleId": 7}]}, "agents[0].roleId"),
        (
            "POST",
            "/agents/skills",
            {"agentAndSkillDetails": [{"agentIds": [1001], "skills": [{"skillId": "1002"}]}]},
            "agentAndSkillDetails[0].agentIds",
        ),
        (
            "POST",
            "/agents/skills",
            {"agentAndSkillDetails": [{"agentIds": ["1001"], "skills": [{"skillId": 1002}]}]},
            "agentAndSkillDetails[0].skills[0].skillId",
        ),
        ("POST", "/agents/{agent}/skills", {"skills": [{"skillId": 1002}]}, "skills[0].skillId"),
        ("PUT", "/agents/{agent}/skills", {"skills": [{"skillId": 1002, "isActive": True}]}, "skills[0].skillId"),
    ],
)
def test_a_number_where_a_string_is_published_is_refused_with_the_published_error(cxone, method, route, body, field):
    agent = cxone.emulator.tenant.add_user("someone@example.com")
    provider = cxone.provider()
    try:
        token = provider.client.token()
    finally:
        provider.close()
    answer = requests.request(
        method, cxone.emulator.url + ADMIN + route.format(agent=agent), json=body, headers={"Authorization": f"Bearer {token}"}, timeout=5
    )
    assert answer.status_code == 400
    assert set(answer.json()) == {"error", "errorDescription"}  # cj AdminGeneral ApiErrorResponse
    assert field in answer.json()["errorDescription"]


# --- per-item results of the batch routes -------------------------------------------------------------------


def plan_then_apply(cxone, data: dict, between):
    """Plan, let `between(tenant)` change the tenant as someone else would, then apply that plan."""
    plan, provider, store, state = cxone.plan(data)
    try:
        assert not plan.errors, plan.errors
        between(cxone.emulator.tenant)
        provider.prepare(plan)
        result = apply_plan(plan, provider, store, state, 4)
    finally:
        provider.close()
        store.close()
    return {step.change.address: (step.status.value, step.error) for step in result.steps}


def test_post_skills_one_item_refused(cxone):
    data = spec_data()
    seed_for(cxone.emulator, data, channels=True)
    steps = plan_then_apply(cxone, data, lambda tenant: tenant.add_skill("MAIL_FR", "Social"))
    assert steps["skill.MAIL_FR"][0] == "failed" and "already exists" in steps["skill.MAIL_FR"][1]
    assert steps["skill.IG_Direct_FR"][0] == "done" and steps["skill.OUT_FR"][0] == "done"


def test_put_agents_one_item_refused(cxone):
    data = spec_data()
    seed_for(cxone.emulator, data, channels=True)

    def bob_leaves(tenant):
        bob = tenant.find("agents", "userName", "bob@example.com")
        del tenant.data["agents"][str(bob["agentId"])]

    steps = plan_then_apply(cxone, data, bob_leaves)
    assert steps["agent.bob@example.com"][0] == "failed" and "does not exist" in steps["agent.bob@example.com"][1]
    assert steps["agent.alice@example.com"][0] == "done"
    alice = cxone.emulator.tenant.find("agents", "userName", "alice@example.com")
    assert alice["DigitalEngagementEnabled"] is True


def test_post_agents_skills_one_item_refused(cxone):
    data = spec_data()
    seed_for(cxone.emulator, data, channels=True)
    skills_first = copy.deepcopy(data)
    skills_first["agents"] = {}
    apply_then_converge(cxone, skills_first)

    def deactivate_ig(tenant):
        tenant.find("skills", "skillName", "IG_Direct_FR")["isActive"] = False

    steps = plan_then_apply(cxone, data, deactivate_ig)
    assert steps["agent.alice@example.com"][0] == "failed"
    assert "refused skill" in steps["agent.alice@example.com"][1]
    assert steps["agent.bob@example.com"][0] == "done"
    bob = cxone.emulator.tenant.find("agents", "userName", "bob@example.com")
    mail = cxone.emulator.tenant.find("skills", "skillName", "MAIL_FR")
    assert cxone.emulator.tenant.data["assignments"][f"{bob['agentId']}:{mail['skillId']}"]["agentProficiencyValue"] == 2


# --- published defaults for omitted fields -------------------------------------------------------------------


def test_a_skill_created_without_a_service_level_gets_the_published_default_and_is_not_managed(cxone):
    """New-ICSkill.ps1 gives a new skill 90/30; a spec that omits service_level never plans it."""
    data = spec_data()
    seed_for(cxone.emulator, data, channels=True)
    apply_then_converge(cxone, data)
    mail = cxone.emulator.tenant.find("skills", "skillName", "MAIL_FR")
    assert (mail["serviceLevelGoal"], mail["serviceLevelThreshold"]) == (90, 30)
    ig = cxone.emulator.tenant.find("skills", "skillName", "IG_Direct_FR")
    assert (ig["serviceLevelGoal"], ig["serviceLevelThreshold"]) == (80, 30)  # the spec's, written
    mail["serviceLevelGoal"], mail["serviceLevelThreshold"] = 70, 20  # set by hand in CXone
    assert cxone.acting(data) == [] and "skill.MAIL_FR" not in cxone.manual(data)
    without = copy.deepcopy(data)
    del without["skills"]["IG_Direct_FR"]["service_level"]  # no longer managed: left as it is
    assert cxone.acting(without) == []
    with_level = copy.deepcopy(data)
    with_level["skills"]["MAIL_FR"]["service_level"] = {"goal_percent": 85, "threshold_seconds": 40}
    assert cxone.acting(with_level) == ["skill.MAIL_FR"]
    apply_then_converge(cxone, with_level)
    assert (mail["serviceLevelGoal"], mail["serviceLevelThreshold"]) == (85, 40)


def test_a_channel_script_the_spec_omits_is_not_managed(cxone):
    """POST /channels (NewChannel) has no published way to clear `studioScript`: an omission leaves it."""
    data = spec_data()
    seed_for(cxone.emulator, data, channels=True)
    apply_then_converge(cxone, data)
    without = copy.deepcopy(data)
    del without["channels"]["Mail FR"]["default_script"]
    assert cxone.acting(without) == []
    mail = cxone.emulator.tenant.find("channels", "name", "Mail FR")
    assert mail["studioScript"] == "DFO_Social_Routing"


# --- query parameters as published ----------------------------------------------------------------------------


def test_dfo_lists_are_read_with_published_query_parameters_only(cxone):
    """Channels: page/size/orderBy/order; routing queues: size, no page (cj searchRoutingQueues)."""
    evidence = Path(__file__).parent / "evidence"
    published = {
        json.loads((evidence / f"{name}.json").read_text(encoding="utf-8"))["route"]: set(
            json.loads((evidence / f"{name}.json").read_text(encoding="utf-8"))["query"]
        )
        for name in ("channels_list", "routing_queues_list")
    }
    data = spec_data()
    seed_for(cxone.emulator, data, channels=True)
    sent = []
    original = cxone.emulator.dispatch

    def spy(method, path, query, headers, body, host="api"):
        if host == "dfo" and method == "GET":
            sent.append((path, set(query), dict(query)))
        return original(method, path, query, headers, body, host)

    cxone.emulator.dispatch = spy
    cxone.acting(data)  # a real plan: it reads both lists
    assert {path for path, _, _ in sent} == set(published)
    for path, names, _ in sent:
        assert names <= published[path], (path, names)
    assert all(query.get("size") == "500" for path, _, query in sent if path.endswith("/routing-queues"))
