"""Nothing is lost past a page: every list the provider reads, against every server page cap.

The emulator (real HTTP on loopback) caps admin pages at 1, 2, 50, 100 or 1,000 records whatever
`top` asks; hypothesis draws the tenant's size. Every source the provider reads (each adapter's
`sources`, the script search) must come back whole, each item once. A server that misbehaves
between pages (a list that changes, pages that overlap, a short or empty page before the total)
makes the read fail with IncompleteList: never a short list, and through the CLI never a plan.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acdplan.emulator import Emulator
from acdplan.emulator.tenant import empty_data
from acdplan.providers.cxone import routes
from acdplan.providers.cxone.client import IncompleteList
from acdplan.providers.cxone.kinds import REGISTRY
from acdplan.providers.cxone.provider import search_scripts
from tests.providers.cxone.conftest import CxoneRun

CAPS = (1, 2, 50, 100, 1000)
SOURCES = {"scripts": search_scripts}
for _adapter in REGISTRY.values():
    SOURCES.update(_adapter.sources)
# source -> (tenant collection, the id field each item is named by)
EXPECTED = {
    "scripts": ("scripts", "masterID"),
    "skills": ("skills", "skillId"),
    "campaigns": ("campaigns", "id"),
    "templates": ("templates", "templateId"),
    "channels": ("channels", "id"),
    "roles": ("roles", "roleId"),
    "security_profiles": ("security_profiles", "roleId"),  # no paging published: one GET (role.py)
    "queues": ("queues", "id"),
    "agents": ("agents", "agentId"),
    "assignments": ("assignments", None),
    "business_unit": (None, "businessUnitId"),
}


def test_every_source_the_provider_reads_is_covered():
    assert set(SOURCES) == set(EXPECTED)


def fill(emulator: Emulator, sizes: dict) -> None:
    tenant = emulator.tenant
    with tenant.lock:
        tenant.data = empty_data()
        for index in range(sizes["campaigns"]):
            tenant.add_campaign(f"Campaign_{index}")
        campaign = tenant.add_campaign("Social") and "Social"
        for index in range(sizes["scripts"]):
            tenant.add_script(f"Script_{index}")
        for index in range(sizes["templates"]):
            tenant.add_template(f"Template_{index}")
        skills = [tenant.add_skill(f"Skill_{index:04d}", campaign) for index in range(sizes["skills"])]
        agents = [tenant.add_user(f"user{index}@example.com") for index in range(sizes["agents"])]
        for number, agent in enumerate(agents):
            for skill in skills[number % 3 :: 3][: sizes["per_agent"]]:
                tenant.assign_skill(agent, skill, 1 + number % 5)
        for index in range(sizes["channels"]):
            tenant.add_channel(f"Channel_{index}", "email", f"c{index}@example.com")
        for index in range(sizes["queues"]):
            tenant.add_routing_queue(f"Queue_{index}")
        for index in range(sizes["roles"]):
            tenant.add_role(f"Role_{index}")


@st.composite
def tenants(draw):
    cap = draw(st.sampled_from(CAPS))
    most = min(3 * cap + 4, 250)  # across at least three pages, up to the 250 of the issue
    count = st.integers(min_value=0, max_value=most)
    return cap, {
        "campaigns": draw(count),
        "scripts": draw(count),
        "templates": draw(st.integers(0, 5)),
        "skills": draw(count),
        "agents": draw(count),
        "per_agent": draw(st.integers(0, 3)),
        "channels": draw(count),
        "queues": draw(st.integers(0, 40)),
        "roles": draw(st.integers(0, 5)),
    }


@pytest.fixture(scope="module")
def shared_emulator():
    with Emulator(seed=7) as server:
        yield server


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drawn=tenants())
def test_every_list_comes_back_whole_under_any_page_cap(drawn, shared_emulator, tmp_path_factory, monkeypatch_module):
    cap, sizes = drawn
    emulator = shared_emulator
    fill(emulator, sizes)
    emulator.max_page_size = emulator.dfo_max_page_size = cap
    run = CxoneRun(tmp_path_factory.mktemp("paging"), emulator, monkeypatch_module, {"page_size": 100})
    provider = run.provider()
    try:
        provider.client.token()
        data = emulator.tenant.data
        for name, source in SOURCES.items():
            items = source(provider.client)
            collection, key = EXPECTED[name]
            if collection is None:
                assert len(items) == 1
                continue
            assert len(items) == len(data[collection]), (name, cap, sizes)
            if key is not None:
                assert sorted(str(item[key]) for item in items) == sorted(data[collection]), (name, cap)
            else:
                assert sorted(f"{item['agentId']}:{item['skillId']}" for item in items) == sorted(data[collection])
        for agent_id in list(data["agents"])[:2]:  # an agent's own skills (a plan made in another process)
            mine = provider.client.admin_list(routes.agent_skills_path(agent_id), "agentSkillAssignments")
            assert len(mine) == sum(1 for item in data["assignments"].values() if str(item["agentId"]) == agent_id)
    finally:
        provider.close()


def test_a_250_skill_tenant_reads_whole_under_a_page_cap_of_100(cxone):
    """The issue's case: 250 skills, pages capped at 100 while acdplan asks for 1,000."""
    cxone.settings["page_size"] = 1000
    cxone.emulator.max_page_size = 100
    campaign = cxone.emulator.tenant.add_campaign("Social") and "Social"
    for index in range(250):
        cxone.emulator.tenant.add_skill(f"Skill_{index:03d}", campaign)
    reads = []
    original = cxone.emulator.admin_page

    def recorded(request, items, key, order, view=dict):
        response = original(request, items, key, order, view)
        if key == "skills":
            reads.append((request.query.get("skip"), request.query.get("top"), len(response.body["skills"])))
        return response

    cxone.emulator.admin_page = recorded
    provider = cxone.provider()
    try:
        snapshot = provider.read()
    finally:
        provider.close()
    assert len(snapshot.objects["skill"]) == 250
    # asked for 1,000 a page, given 100: advanced by the records received, stopped at totalRecords
    assert sorted(reads) == [("0", "1000", 100), ("100", "1000", 100), ("200", "1000", 50)]


# --- a server that cannot prove a list complete ---------------------------------------------------


def misbehave(emulator: Emulator, how: str):
    """Wrap the emulator's admin paging (the real server code) so that its second page goes wrong."""
    original = emulator.admin_page

    def page(request, items, key, order, view=dict):
        skip = int(request.query.get("skip") or 0)
        response = original(request, items, key, order, view)
        if skip == 0 or response.status != 200:
            return response
        body = response.body
        if how == "changed":  # one more record since the first page
            body["totalRecords"] += 1
        elif how == "short":
            body[key] = body[key][:-1]
        elif how == "overlap":  # skip ignored: the first page again
            body[key] = [view(item) for item in list(items)[: len(body[key])]]
        elif how == "empty":
            body[key] = []
        return response

    emulator.admin_page = page


@pytest.mark.parametrize("how", ["changed", "short", "overlap", "empty"])
def test_a_read_that_cannot_prove_it_is_complete_is_an_error(cxone, how):
    cxone.emulator.max_page_size = 3
    campaign = cxone.emulator.tenant.add_campaign("Social") and "Social"
    for index in range(8):
        cxone.emulator.tenant.add_skill(f"Skill_{index}", campaign)
    misbehave(cxone.emulator, how)
    provider = cxone.provider()
    try:
        with pytest.raises(IncompleteList, match="/skills"):
            provider.read()
    finally:
        provider.close()


def test_the_cli_plans_nothing_from_an_incomplete_list(cxone, tmp_path, monkeypatch):
    import yaml

    from acdplan.emulator import seed_prerequisites
    from acdplan.load import load_spec_folder
    from acdplan.model import build_spec
    from tests.conftest import EXAMPLE_SPECS, run_cli

    cxone.emulator.max_page_size = 2
    seed_prerequisites(cxone.emulator, build_spec(load_spec_folder(EXAMPLE_SPECS).data))
    for index in range(5):
        cxone.emulator.tenant.add_skill(f"Other_{index}", "Social")
    misbehave(cxone.emulator, "overlap")
    config = {"specs": str(EXAMPLE_SPECS), "environments": {"emu": {"provider": "cxone", **cxone.settings}}}
    (tmp_path / "acdplan.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli("plan", "-e", "emu")
    assert result.exit_code == 1, result.output
    assert "read twice" in result.output and "Traceback" not in result.output, result.output
    assert "to create" not in result.output
