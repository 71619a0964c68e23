"""Faults aimed at one route (acdplan/emulator/route_faults.py): each is what it says, on that route
only, for as many calls as asked; and what the call carried out stays carried out."""

from __future__ import annotations

import pytest
import requests

from acdplan.emulator import Emulator

SKILLS = "/incontactapi/services/v23.0/skills"


@pytest.fixture
def emulator():
    with Emulator(max_page_size=50) as server:
        server.tenant.add_campaign("Social")
        yield server


def login(emulator) -> dict:
    response = requests.post(emulator.url + "/authentication/v1/token/access-key",
                             json={"accessKeyId": "any-id", "accessKeySecret": "any-secret"}, timeout=5)
    return {"Authorization": "Bearer " + response.json()["access_token"]}


def post_skill(emulator, headers, name: str) -> requests.Response:
    campaign = emulator.tenant.find("campaigns", "name", "Social")["id"]
    body = {"skills": [{"skillName": name, "mediaTypeId": 9, "campaignId": campaign}]}
    return requests.post(emulator.url + SKILLS, headers=headers, json=body, timeout=5)


def held(emulator, name: str) -> bool:
    return emulator.tenant.find("skills", "skillName", name) is not None


def test_refuse_answers_403_and_carries_nothing_out(emulator):
    headers = login(emulator)
    emulator.route_faults.add("POST", r"/skills$", "refuse")
    answer = post_skill(emulator, headers, "S_1")
    assert answer.status_code == 403 and answer.json()["error"] == "Forbidden"
    assert not held(emulator, "S_1")
    assert post_skill(emulator, headers, "S_1").status_code == 200  # once only: the next call is served


def test_fail_after_carries_the_call_out_then_answers_500(emulator):
    headers = login(emulator)
    emulator.route_faults.add("POST", r"/skills$", "fail-after", times=None)
    assert post_skill(emulator, headers, "S_1").status_code == 500
    assert post_skill(emulator, headers, "S_2").status_code == 500  # every call
    assert held(emulator, "S_1") and held(emulator, "S_2")
    assert requests.get(emulator.url + SKILLS, headers=headers, timeout=5).status_code == 200  # GET untouched


def test_drop_and_truncate_carry_the_call_out_and_lose_the_answer(emulator):
    headers = login(emulator)
    emulator.route_faults.add("POST", r"/skills$", "drop-after")
    with pytest.raises(requests.ConnectionError):
        post_skill(emulator, headers, "S_1")
    emulator.route_faults.add("POST", r"/skills$", "truncate")
    with pytest.raises(requests.exceptions.ChunkedEncodingError):  # fewer bytes than Content-Length
        post_skill(emulator, headers, "S_2")
    assert held(emulator, "S_1") and held(emulator, "S_2")


def test_cut_json_is_well_framed_but_not_json(emulator):
    headers = login(emulator)
    emulator.route_faults.add("POST", r"/skills$", "cut-json")
    answer = post_skill(emulator, headers, "S_1")
    assert answer.status_code == 200
    with pytest.raises(ValueError):
        answer.json()
    assert held(emulator, "S_1")


def test_item_failed_reports_a_created_item_as_failed(emulator):
    headers = login(emulator)
    emulator.route_faults.add("POST", r"/skills$", "item-failed")
    answer = post_skill(emulator, headers, "S_1").json()
    assert answer["errorCount"] == 1 and answer["skillsResults"][0]["success"] is False
    assert held(emulator, "S_1")
    assert [kind for kind, *_ in emulator.route_faults.hits] == ["item-failed"]


def test_an_unknown_fault_is_refused():
    with pytest.raises(ValueError, match="unknown route fault"):
        Emulator().route_faults.add("POST", r"/skills$", "explode")
