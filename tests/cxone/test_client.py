"""The HTTP client against the emulator: auth, discovery, paging, retries, timeouts."""

from __future__ import annotations

import email.utils
import random
import time
from datetime import datetime, timedelta, timezone

import pytest

from acdplan.config import ConfigError, Environment
from acdplan.providers.cxone import client_settings
from acdplan.providers.cxone.client import (
    AuthenticationFailed,
    ClientSettings,
    CxoneClient,
    CxoneError,
    Found,
    parse_retry_after,
)
from tests.cxone.conftest import KEY_ID, KEY_SECRET


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def make_client(emulator, **overrides) -> tuple[CxoneClient, Sleeps]:
    sleeps = Sleeps()
    settings = ClientSettings(key_id=KEY_ID, key_secret=KEY_SECRET, auth_url=emulator.url, base_url=emulator.url,
                              page_size=2, backoff_base_seconds=0.01, backoff_max_seconds=0.05, max_attempts=6,
                              sleep=sleeps, rng=random.Random(1))
    for key, value in overrides.items():
        setattr(settings, key, value)
    return CxoneClient(settings), sleeps


def test_retry_after_in_seconds_and_as_an_http_date():
    now = datetime(2025, 1, 1, 12, 0, 0, tzinfo=timezone.utc)
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(email.utils.format_datetime(now + timedelta(seconds=30), usegmt=True), now) == 30.0
    assert parse_retry_after(email.utils.format_datetime(now - timedelta(seconds=30), usegmt=True), now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_429_is_retried_after_the_time_retry_after_gives(emulator):
    client, sleeps = make_client(emulator)
    client.token()
    emulator.set_faults(throttle_rate=1.0)
    emulator.retry_after = lambda: "3"
    with pytest.raises(CxoneError, match="gave up after 6 attempts, last: HTTP 429"):
        client.get_json(client.admin_url("/skills"))
    assert sleeps == [3.0] * 5


def test_429_with_an_http_date_waits_until_then(emulator):
    client, sleeps = make_client(emulator)
    client.token()
    calls = {"n": 0}

    def retry_after():
        calls["n"] += 1
        if calls["n"] > 1:
            emulator.set_faults(throttle_rate=0.0)
        return email.utils.formatdate(time.time() + 20, usegmt=True)

    emulator.retry_after = retry_after
    emulator.set_faults(throttle_rate=1.0)
    assert client.get_json(client.admin_url("/skills")) is None  # 204: no skills yet
    assert len(sleeps) == 2 and all(17 <= wait <= 20 for wait in sleeps)


def test_server_errors_are_retried_with_growing_jittered_backoff(emulator):
    client, sleeps = make_client(emulator, backoff_base_seconds=1.0, backoff_max_seconds=4.0)
    client.token()
    emulator.set_faults(fail_rate=1.0)
    with pytest.raises(CxoneError, match="HTTP 500"):
        client.get_json(client.admin_url("/skills"))
    ceilings = [1.0, 2.0, 4.0, 4.0, 4.0]
    assert len(sleeps) == 5
    for wait, ceiling in zip(sleeps, ceilings):
        assert ceiling / 2 <= wait <= ceiling


def test_dropped_connections_are_retried(emulator):
    client, sleeps = make_client(emulator, max_attempts=12)
    client.token()
    emulator.set_faults(drop_rate=0.3)
    for _ in range(10):
        client.get_json(client.admin_url("/business-unit"))
    assert emulator.faults_injected > 0


def test_a_4xx_other_than_429_is_not_retried_and_says_why(emulator):
    client, sleeps = make_client(emulator)
    with pytest.raises(CxoneError) as caught:
        client.request("PUT", client.admin_url("/skills/999999"), json_body={"isActive": False})
    assert caught.value.status == 404
    assert "answered HTTP 404: no such skill" in str(caught.value)
    assert sleeps == []


def test_a_post_is_not_repeated_when_a_read_shows_it_happened(emulator):
    client, _ = make_client(emulator)
    emulator.tenant.add_campaign("Social")
    campaign_id = emulator.tenant.find("campaigns", "campaignName", "Social")["campaignId"]
    body = {"skills": [{"skillName": "IG_FR", "mediaTypeId": 9, "campaignId": campaign_id}]}
    checks = []

    def find():
        checks.append(1)
        return next((s for s in emulator.dump()["skills"].values() if s["skillName"] == "IG_FR"), None)

    client.token()
    emulator.fault = lambda: "fail-after" if not checks else None  # carried out, then answered 500
    result = client.create(client.admin_url("/skills"), body, find)
    assert isinstance(result, Found) and result.value["skillName"] == "IG_FR"
    assert emulator.creates("skills", "IG_FR") == 1


def test_a_post_is_retried_when_a_read_shows_it_did_not_happen(emulator):
    client, _ = make_client(emulator)
    emulator.tenant.add_campaign("Social")
    campaign_id = emulator.tenant.find("campaigns", "campaignName", "Social")["campaignId"]
    body = {"skills": [{"skillName": "IG_FR", "mediaTypeId": 9, "campaignId": campaign_id}]}
    faults = iter(["drop-before", "fail-before"])
    client.token()
    emulator.fault = lambda: next(faults, None)
    checks = []
    result = client.create(client.admin_url("/skills"), body, lambda: checks.append(1))
    assert not isinstance(result, Found) and result.status_code == 200
    assert len(checks) == 2
    assert emulator.creates("skills", "IG_FR") == 1


def test_a_post_without_a_check_is_never_retried(emulator):
    client, _ = make_client(emulator)
    client.token()
    emulator.fault = lambda: "fail-before"
    with pytest.raises(CxoneError, match="not retried, as it may have been carried out"):
        client._send("POST", client.admin_url("/skills"), json_body={"skills": []})


def test_pages_are_followed_on_both_apis(emulator):
    for index in range(7):
        emulator.tenant.add_campaign(f"Campaign {index}")
        emulator.tenant.add_role(f"Role {index}")
    client, _ = make_client(emulator)
    assert len(list(client.admin_pages("/campaigns", "campaigns"))) == 7
    assert len(list(client.dfo_pages("/roles"))) == 7
    assert list(client.admin_pages("/skills", "skills")) == []  # 204 No Content


def test_the_token_is_renewed_before_it_expires(emulator):
    emulator.token_lifetime = 2
    client, _ = make_client(emulator)
    first = client.token()
    assert client.token() == first
    time.sleep(1.9)  # inside the renewal margin
    assert client.token() != first


def test_a_revoked_token_is_renewed_once(emulator):
    client, _ = make_client(emulator)
    client.token()
    emulator.expire_tokens()
    assert client.get_json(client.admin_url("/business-unit"))["businessUnits"]


def test_the_api_host_is_discovered_from_the_auth_server(emulator):
    client, _ = make_client(emulator, base_url=None)
    assert client.api_base() == emulator.url
    assert client.get_json(client.admin_url("/business-unit"))["businessUnits"]


def test_wrong_credentials_fail_without_saying_the_secret(emulator):
    client, _ = make_client(emulator, key_secret="WRONG-SECRET-VALUE")
    with pytest.raises(AuthenticationFailed) as caught:
        client.token()
    assert "HTTP 401" in str(caught.value)
    assert "WRONG-SECRET-VALUE" not in str(caught.value) and KEY_ID not in str(caught.value)


def test_read_timeouts_are_retried_then_reported(emulator):
    client, sleeps = make_client(emulator, read_timeout=0.2, max_attempts=2)
    client.token()
    emulator.set_faults(latency_ms=600)
    with pytest.raises(CxoneError, match="connection failed"):
        client.get_json(client.admin_url("/business-unit"))
    assert len(sleeps) == 1


def test_settings_name_the_missing_variable_never_a_value(monkeypatch, tmp_path):
    monkeypatch.setenv("MY_KEY_ID", "AKID-VISIBLE-NOWHERE")
    monkeypatch.delenv("MY_KEY_SECRET", raising=False)
    monkeypatch.delenv("MY_BASE", raising=False)
    environment = Environment("prod", "cxone", {"base_url_env": "MY_BASE", "credentials_env": ["MY_KEY_ID", "MY_KEY_SECRET"]},
                              {}, tmp_path)
    with pytest.raises(ConfigError) as caught:
        client_settings(environment)
    text = str(caught.value)
    assert "MY_KEY_SECRET" in text and "MY_BASE" in text
    assert "AKID-VISIBLE-NOWHERE" not in text


def test_the_auth_url_defaults_to_the_base_url(monkeypatch, tmp_path):
    monkeypatch.setenv("B", "http://127.0.0.1:9")
    monkeypatch.setenv("I", "id")
    monkeypatch.setenv("S", "secret")
    settings, hint = client_settings(Environment("e", "cxone", {"base_url_env": "B", "credentials_env": ["I", "S"]}, {}, tmp_path))
    assert settings.auth_url == settings.base_url == "http://127.0.0.1:9"
    assert hint == "$I"
