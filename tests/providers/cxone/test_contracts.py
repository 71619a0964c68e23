"""The provider's requests held against request/response examples taken from public evidence.

Each file of `evidence/` is one published call: its source, route, the request fields the source
publishes (and the wrapping of the body), and a response example. Every call the provider makes
in a full scenario must match one of them, with only published fields; the response examples
must parse into the documents the model expects; and the emulator must answer in their shapes.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
import requests

from acdplan.providers.cxone import routes
from acdplan.providers.cxone.client import admin_page_items, error_description
from acdplan.providers.cxone.kinds.channel import channel_document
from acdplan.providers.cxone.kinds.skill import skill_document
from tests.providers.cxone.conftest import KEY_ID, KEY_SECRET, seed_for, spec_data

EVIDENCE = {
    path.stem: json.loads(path.read_text()) for path in sorted((Path(__file__).parent / "evidence").glob("*.json"))
}
ROUTED = {name: entry for name, entry in EVIDENCE.items() if "route" in entry}


def route_pattern(route: str) -> re.Pattern:
    escaped = re.escape(route).replace(r"\{version\}", r"[0-9.]+")
    return re.compile("^" + re.sub(r"\\\{[A-Za-z]+\\\}", "[^/]+", escaped) + "/?$", re.IGNORECASE)


def evidence_for(host: str, method: str, path: str) -> list[str]:
    return [
        name
        for name, entry in ROUTED.items()
        if entry["method"] == method
        and {"api": ("api", "issuer"), "dfo": ("dfo",)}[host].count(entry["host"])
        and route_pattern(entry["route"]).match(path)
    ]


def check_body(name: str, body) -> None:
    entry = ROUTED[name]
    if "request_fields" not in entry:
        assert body in (None, {}), f"{name}: the evidence publishes no body"
        return
    items = [body]
    wrapper = entry.get("request_wrapper")
    if wrapper:
        assert set(body) == {wrapper}, f"{name}: the body must be {{{wrapper!r}: ...}}, not {sorted(body)}"
        items = body[wrapper] if entry.get("request_is_list") else [body[wrapper]]
        assert isinstance(items, list) and items
    for item in items:
        unknown = set(item) - set(entry["request_fields"])
        assert not unknown, f"{name}: fields with no published source: {sorted(unknown)}"
        missing = set(entry.get("request_required", ())) - set(item)
        assert not missing, f"{name}: published required fields missing: {sorted(missing)}"
        for nested in item.get("skills", []) if "item_fields" in entry else []:
            assert set(nested) <= set(entry["item_fields"]), (
                f"{name}: {sorted(set(nested) - set(entry['item_fields']))}"
            )


def test_every_evidence_file_names_its_source():
    assert len(EVIDENCE) >= 20
    for name, entry in EVIDENCE.items():
        assert entry["source"].strip() and (
            "github" in entry["source"] or "npm" in entry["source"] or "PyPI" in entry["source"]
        ), name


def test_every_call_of_a_full_scenario_has_published_evidence_and_only_published_fields(cxone):
    data = spec_data()
    seed_for(cxone.emulator, data)
    cxone.apply(data)  # creates; channels wait for a person
    seed_for(cxone.emulator, data, channels=True)
    cxone.apply(data)  # the channels a person made are adopted: acdplan manages them now
    after = copy.deepcopy(data)
    after["skills"]["MAIL_FR_2"] = dict(after["skills"].pop("MAIL_FR"), renamed_from="MAIL_FR")
    for agent in after["agents"].values():
        agent["skills"] = {("MAIL_FR_2" if k == "MAIL_FR" else k): v for k, v in agent["skills"].items()}
    del after["agents"]["alice@example.com"]["skills"]["IG_Direct_FR"]
    after["agents"]["bob@example.com"]["skills"]["MAIL_FR_2"] = 5
    after["skills"]["OUT_FR"] = {"campaign": "Social"}  # replaced
    after["channels"]["Mail FR 2"] = dict(after["channels"].pop("Mail FR"), renamed_from="Mail FR")
    del after["channels"]["Instagram Direct FR"]
    del after["agents"]["bob@example.com"]
    _, result = cxone.apply(after)
    assert result.exit_code == 0, [(s.change.address, s.error) for s in result.steps if s.error]
    used = set()
    for host, method, path, body in cxone.emulator.log:
        names = evidence_for(host, method, path)
        assert len(names) == 1, f"{method} {path} on the {host} host: evidence {names}"
        check_body(names[0], body)
        used.add(names[0])
    assert used >= {
        "skills_list",
        "skills_create",
        "skill_update",
        "agents_update",
        "agent_skills_upsert",
        "agent_skills_remove",
        "channels_list",
        "channel_upsert",
        "channel_delete",
        "roles_search",
        "security_profiles",
        "routing_queues_list",
        "scripts_search",
        "message_templates",
        "campaigns_list",
        "agent_skills_list",
        "agents_list",
        "business_unit",
    }


def test_login_and_discovery_requests_are_as_published(emulator):
    from acdplan.providers.cxone.client import ClientSettings, CxoneClient

    sent = []
    original = emulator.dispatch

    def spy(method, path, query, headers, body, host="api"):
        sent.append((method, path, query, body, headers.get("Content-Type", "")))
        return original(method, path, query, headers, body, host)

    emulator.dispatch = spy
    client = CxoneClient(
        ClientSettings(key_id=KEY_ID, key_secret=KEY_SECRET, auth_url=emulator.url, dfo_url=emulator.dfo_url)
    )
    client.api_base()
    login = next(s for s in sent if s[1] == routes.ACCESS_KEY_TOKEN)
    assert login[0] == "POST" and login[4].startswith("application/json")
    assert set(json.loads(login[3])) == set(EVIDENCE["access_key_token"]["request_fields"])
    discovery = next(s for s in sent if s[1] == routes.CXONE_CONFIGURATION)
    assert discovery[0] == "GET" and set(discovery[2]) == set(EVIDENCE["cxone_configuration"]["query"])


def test_published_responses_parse_into_the_documents_the_model_expects():
    skills = EVIDENCE["skills_list"]
    items, total = admin_page_items(skills["response"], "skills")
    document, notes = skill_document(items[0], {77: "Social"}, {})
    assert document == skills["expected_document"] and notes == [] and total == 1
    channels = EVIDENCE["channels_list"]
    assert channel_document(channels["response"][0])[0] == channels["expected_document"]
    configuration = EVIDENCE["cxone_configuration"]
    assert (
        routes.dfo_base(configuration["response"]["area"], configuration["response"]["domain"])
        == configuration["derived"]["dfo_base"]
    )
    assert error_description(EVIDENCE["admin_error"]["response"]) == "unknown field skill.madeUp"
    assert error_description(EVIDENCE["dfo_error"]["response"]) == "missing required field(s): name"
    for name, key in (
        ("campaigns_list", "campaigns"),
        ("agents_list", "agents"),
        ("scripts_search", "scriptSearchDetails"),
        ("agent_skills_list", "agentSkillAssignments"),
        ("business_unit", "businessUnits"),
    ):
        assert admin_page_items(EVIDENCE[name]["response"], key)[0], name


@pytest.mark.parametrize(
    "name",
    [
        "business_unit",
        "skills_list",
        "campaigns_list",
        "scripts_search",
        "message_templates",
        "agents_list",
        "agent_skills_list",
        "roles_search",
        "security_profiles",
        "channels_list",
        "routing_queues_list",
    ],
)
def test_the_emulator_answers_in_the_published_shapes(emulator, name):
    seed_for(emulator, spec_data(), channels=True)
    emulator.tenant.add_skill("IG_Direct_FR", "Social")
    emulator.tenant.assign_skill(
        next(iter(emulator.tenant.data["agents"].values()))["agentId"],
        next(iter(emulator.tenant.data["skills"].values()))["skillId"],
    )
    emulator.tenant.set_role_permissions(next(iter(emulator.tenant.data["roles"])), ["deSearchMessages"],
                                         [{"permissionKey": "deSearchCases", "optionKeys": ["View"]}])
    token = requests.post(
        emulator.url + routes.ACCESS_KEY_TOKEN, json={"accessKeyId": KEY_ID, "accessKeySecret": KEY_SECRET}, timeout=5
    ).json()["access_token"]
    entry = EVIDENCE[name]
    base = emulator.dfo_url if entry["host"] == "dfo" else emulator.url
    path = entry["route"].replace("{version}", "23.0")
    answer = requests.request(
        entry["method"],
        base + path,
        json={} if entry["method"] == "POST" else None,
        headers={"Authorization": f"Bearer {token}"},
        timeout=5,
    )
    assert answer.status_code == 200, answer.text
    published, served = entry["response"], answer.json()
    assert type(served) is type(published)
    if isinstance(published, list):
        published, served = published[0], served[0]
    assert set(published) <= set(served), sorted(set(published) - set(served))
    for key, value in published.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            assert set(value[0]) <= set(served[key][0]), (key, sorted(set(value[0]) - set(served[key][0])))
