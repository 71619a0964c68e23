"""The emulator refuses what the published API would refuse, on two hosts, and serves from the command line."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest
import requests

from acdplan.emulator import Emulator
from tests.conftest import EXAMPLE_SPECS

ADMIN = "/incontactapi/services/v23.0"


@pytest.fixture
def emulator():
    with Emulator(max_page_size=3) as server:
        server.tenant.add_campaign("Social")
        yield server


def login(emulator, key_id: str = "any-id", secret: str = "any-secret") -> dict:
    response = requests.post(
        emulator.url + "/authentication/v1/token/access-key",
        json={"accessKeyId": key_id, "accessKeySecret": secret},
        timeout=5,
    )
    assert response.status_code == 200, response.text
    return {"Authorization": "Bearer " + response.json()["access_token"]}


@pytest.mark.parametrize(
    "method,path",
    [
        ("GET", ADMIN + "/scripts"),
        ("GET", ADMIN + "/security-profiles/me"),
        ("PUT", ADMIN + "/business-unit"),
        ("GET", "/dfo/3.0/roles"),
        ("GET", "/dfo/3.0/external-platform-accounts"),
        ("GET", "/dfo/3.0/sla-settings"),
        ("PUT", "/dfo/3.0/routing-queues/q1/filters"),
    ],
)
def test_routes_with_no_public_evidence_are_404(emulator, method, path):
    base = emulator.dfo_url if path.startswith("/dfo") else emulator.url
    answer = requests.request(method, base + path, headers=login(emulator), json={}, timeout=5)
    assert answer.status_code == (405 if path.endswith("business-unit") else 404)  # GET only is published there


def test_the_dfo_api_is_on_its_own_host(emulator):
    headers = login(emulator)
    assert requests.get(emulator.url + "/dfo/3.0/channels", headers=headers, timeout=5).status_code == 404
    assert requests.get(emulator.dfo_url + "/dfo/3.0/channels", headers=headers, timeout=5).json() == []
    assert requests.get(emulator.dfo_url + ADMIN + "/skills", headers=headers, timeout=5).status_code == 404


def test_unwrapped_or_unpublished_fields_are_400_with_the_published_error_shape(emulator):
    headers = login(emulator)
    skill_id = emulator.tenant.add_skill("IG_FR", "Social")
    unwrapped = requests.put(
        f"{emulator.url}{ADMIN}/skills/{skill_id}", json={"skillName": "IG_FR2"}, headers=headers, timeout=5
    )
    assert unwrapped.status_code == 400 and set(unwrapped.json()) == {"error", "errorDescription"}
    invented = requests.put(
        f"{emulator.url}{ADMIN}/skills/{skill_id}", json={"skill": {"digitalRouting": {}}}, headers=headers, timeout=5
    )
    assert invented.status_code == 400 and "skill.digitalRouting" in invented.json()["errorDescription"]
    wrapped = requests.put(
        f"{emulator.url}{ADMIN}/skills/{skill_id}", json={"skill": {"skillName": "IG_FR2"}}, headers=headers, timeout=5
    )
    assert wrapped.json() == {"success": True, "skillId": skill_id}
    channel = requests.post(emulator.dfo_url + "/dfo/3.0/channels", json={"name": "x"}, headers=headers, timeout=5)
    assert channel.status_code == 400 and channel.json()["errors"][0]["field"] == "id"  # DFO error collection


def test_batch_creates_answer_per_item(emulator):
    headers = login(emulator)
    campaign = emulator.tenant.find("campaigns", "name", "Social")["id"]
    body = {
        "skills": [
            {"skillName": "A_FR", "mediaTypeId": 9, "campaignId": campaign},
            {"skillName": "A_FR", "mediaTypeId": 9, "campaignId": campaign},
            {"skillName": "B_FR", "mediaTypeId": 9, "campaignId": 999},
        ]
    }
    answer = requests.post(f"{emulator.url}{ADMIN}/skills", json=body, headers=headers, timeout=5).json()
    assert answer["errorCount"] == 2 and [r["success"] for r in answer["skillsResults"]] == [True, False, False]
    assert "skillId" not in str(answer)  # no ids in the answer: the published shape


def test_paging_as_published_on_both_hosts(emulator):
    headers = login(emulator)
    for index in range(5):
        emulator.tenant.add_channel(f"C{index}", "email", f"c{index}@example.com")
        emulator.tenant.add_campaign(f"Campaign {index}")
    first = requests.get(f"{emulator.url}{ADMIN}/campaigns?skip=0&top=3", headers=headers, timeout=5).json()
    assert first["totalRecords"] == 6 and len(first["campaigns"]) == 3
    page2 = requests.get(emulator.dfo_url + "/dfo/3.0/channels?page=2&size=3", headers=headers, timeout=5).json()
    assert isinstance(page2, list) and [c["name"] for c in page2] == ["C3", "C4"]
    assert requests.get(emulator.dfo_url + "/dfo/3.0/channels?page=0", headers=headers, timeout=5).status_code == 400
    assert requests.get(f"{emulator.url}{ADMIN}/skills", headers=headers, timeout=5).status_code == 204


def test_logins_as_published(emulator):
    emulator.accept_any_credentials = False
    emulator.add_credentials("AK", "SECRET")
    bad = requests.post(
        emulator.url + "/authentication/v1/token/access-key",
        json={"accessKeyId": "AK", "accessKeySecret": "nope"},
        timeout=5,
    )
    assert bad.status_code == 401
    form = requests.post(
        emulator.url + "/authentication/v1/token/access-key",
        data={"accessKeyId": "AK", "accessKeySecret": "SECRET"},
        timeout=5,
    )
    assert form.status_code == 400  # JSON, as published
    assert login(emulator, "AK", "SECRET")
    no_scope = requests.post(
        emulator.url + "/auth/token", data={"grant_type": "password", "username": "AK", "password": "SECRET"}, timeout=5
    )
    assert no_scope.status_code == 400
    grant = requests.post(
        emulator.url + "/auth/token",
        data={"grant_type": "password", "username": "AK", "password": "SECRET", "scope": "openid"},
        timeout=5,
    )
    assert grant.status_code == 200


def test_faults_are_injected_on_both_hosts(emulator):
    headers = login(emulator)
    emulator.set_faults(throttle_rate=1.0)
    throttled = requests.get(emulator.dfo_url + "/dfo/3.0/channels", headers=headers, timeout=5)
    assert throttled.status_code == 429 and "Retry-After" in throttled.headers
    emulator.set_faults(throttle_rate=0, fail_rate=1.0)
    assert requests.get(f"{emulator.url}{ADMIN}/skills", headers=headers, timeout=5).status_code == 500
    emulator.set_faults(fail_rate=0, drop_rate=1.0)
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{emulator.url}{ADMIN}/skills", headers=headers, timeout=5)


def start_command(*arguments: str) -> tuple[subprocess.Popen, str, str]:
    process = subprocess.Popen(
        [sys.executable, "-c", "from acdplan.cli import main; main()", "emulator", *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    url, dfo_url = process.stdout.readline().strip(), process.stdout.readline().strip()
    assert url.startswith("http://127.0.0.1:") and dfo_url.startswith("http://127.0.0.1:"), process.stderr.read()
    return process, url, dfo_url


def test_the_emulator_command_serves_both_hosts_until_stopped_and_seeds_prerequisites():
    process, url, dfo_url = start_command(
        "--prerequisites-from",
        str(EXAMPLE_SPECS),
        "--with-channels",
        "--page-size",
        "10",
        "--refuse",
        "^GET /dfo/3.0/routing-queues",
    )
    try:
        token = requests.post(
            url + "/authentication/v1/token/access-key", json={"accessKeyId": "a", "accessKeySecret": "b"}, timeout=5
        ).json()["access_token"]
        headers = {"Authorization": "Bearer " + token}
        campaigns = requests.get(url + ADMIN + "/campaigns", headers=headers, timeout=5).json()
        assert campaigns["totalRecords"] == 2 and len(campaigns["campaigns"]) == 2
        assert len(requests.get(dfo_url + "/dfo/3.0/channels?size=10", headers=headers, timeout=5).json()) == 4
        assert requests.get(dfo_url + "/dfo/3.0/routing-queues", headers=headers, timeout=5).status_code == 403
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
