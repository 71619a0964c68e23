"""The HTTP client against the emulator: login, discovery, paging, retries, fail-fast, verbose, redaction."""

from __future__ import annotations

import email.utils
import io
import random
import socket
import time
from datetime import UTC, datetime, timedelta

import pytest

from acdplan.config import ConfigError, Environment
from acdplan.providers.cxone import client_settings
from acdplan.providers.cxone.client import (
    AuthenticationFailed,
    ClientSettings,
    CxoneClient,
    CxoneError,
    Found,
    Unreachable,
    parse_retry_after,
    set_verbose,
)
from tests.providers.cxone.conftest import CLIENT_ID, CLIENT_SECRET, KEY_ID, KEY_SECRET


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def make_client(emulator, **overrides) -> tuple[CxoneClient, Sleeps]:
    sleeps = Sleeps()
    settings = ClientSettings(
        key_id=KEY_ID,
        key_secret=KEY_SECRET,
        auth_url=emulator.url,
        base_url=emulator.url,
        dfo_url=emulator.dfo_url,
        page_size=2,
        backoff_base_seconds=0.01,
        backoff_max_seconds=0.05,
        max_attempts=6,
        sleep=sleeps,
        rng=random.Random(1),
    )
    for key, value in overrides.items():
        setattr(settings, key, value)
    return CxoneClient(settings), sleeps


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_retry_after_in_seconds_and_as_an_http_date():
    now = datetime(2025, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(email.utils.format_datetime(now + timedelta(seconds=30), usegmt=True), now) == 30.0
    assert parse_retry_after(email.utils.format_datetime(now - timedelta(seconds=30), usegmt=True), now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_429_waits_what_retry_after_says(emulator):
    client, sleeps = make_client(emulator)
    client.token()
    emulator.set_faults(throttle_rate=1.0)
    emulator.retry_after = lambda: "3"
    with pytest.raises(CxoneError, match="gave up after 6 attempts, last: HTTP 429"):
        client.get_json(client.admin_url("/skills"))
    assert sleeps == [3.0] * 5


def test_retry_after_zero_is_bounded_and_never_without_delay(emulator):
    """`Retry-After: 0` used to mean 8 immediate retries: now the backoff is the floor."""
    client, sleeps = make_client(emulator, backoff_base_seconds=0.4, backoff_max_seconds=2.0)
    client.token()
    emulator.set_faults(throttle_rate=1.0)
    emulator.retry_after = lambda: "0"
    with pytest.raises(CxoneError, match="gave up after 6 attempts"):
        client.get_json(client.admin_url("/skills"))
    assert len(sleeps) == 5 and all(wait >= 0.2 for wait in sleeps)
    assert sleeps[-1] >= 1.0  # growing, as for any other retry


def test_429_with_an_http_date_waits_until_then(emulator):
    client, sleeps = make_client(emulator)
    client.token()
    answers = {"n": 0}

    def retry_after():
        answers["n"] += 1
        if answers["n"] > 1:
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
    assert len(sleeps) == 5
    for wait, ceiling in zip(sleeps, [1.0, 2.0, 4.0, 4.0, 4.0], strict=True):
        assert ceiling / 2 <= wait <= ceiling


def test_dropped_connections_are_retried(emulator):
    client, _ = make_client(emulator, max_attempts=12)
    client.token()
    emulator.set_faults(drop_rate=0.3)
    for _ in range(10):
        client.get_json(client.admin_url("/business-unit"))
    assert emulator.faults_injected > 0


def test_a_4xx_other_than_429_is_not_retried_and_gives_the_published_description(emulator):
    client, sleeps = make_client(emulator)
    with pytest.raises(CxoneError) as caught:
        client.request("PUT", client.admin_url("/skills/999999"), json_body={"skill": {"isActive": False}})
    assert caught.value.status == 404
    assert "answered HTTP 404: no such skill" in str(caught.value)
    assert sleeps == []


def test_a_post_is_not_repeated_when_a_read_shows_it_happened(emulator):
    client, _ = make_client(emulator)
    campaign_id = emulator.tenant.add_campaign("Social")
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


def test_a_post_without_a_check_is_never_retried(emulator):
    client, _ = make_client(emulator)
    client.token()
    emulator.fault = lambda: "fail-before"
    with pytest.raises(CxoneError, match="not retried, as it may have been carried out"):
        client._send("POST", client.admin_url("/skills"), json_body={"skills": []})


def test_admin_pages_in_parallel_and_dfo_pages_by_page_and_size(emulator):
    for index in range(7):
        emulator.tenant.add_campaign(f"Campaign {index}")
        emulator.tenant.add_channel(f"Channel {index}", "email", f"c{index}@example.com")
        emulator.tenant.add_routing_queue(f"Queue {index}")
    client, _ = make_client(emulator)
    emulator.log = []
    assert sorted(c["name"] for c in client.admin_list("/campaigns", "campaigns")) == [
        f"Campaign {i}" for i in range(7)
    ]
    assert len(client.dfo_list("/channels")) == 7
    assert len(client.dfo_search("/routing-queues")) == 7  # one read of size=500: no page is published
    assert client.admin_list("/skills", "skills") == []  # 204 No Content
    assert sum(1 for _, _, path, _ in emulator.log if path.endswith("/campaigns")) == 4  # ceil(7 / 2)
    assert sum(1 for _, _, path, _ in emulator.log if path.endswith("/routing-queues")) == 1
    assert all(host == "dfo" for host, _, path, _ in emulator.log if "/dfo/" in path)


def test_access_key_login_is_the_default_and_discovery_is_on_the_issuer(emulator):
    client, _ = make_client(emulator, base_url=None, dfo_url=None)
    emulator.log = []
    assert client.api_base() == emulator.url
    with pytest.raises(CxoneError, match="dfo_url_env"):  # derived as NICE's SDK does: api-de-emu1.<domain>
        client.dfo_list("/channels")
    assert client.dfo_base() == "https://api-de-emu1.emulator.invalid"


def test_the_dfo_host_is_derived_from_a_given_api_host_as_nice_does():
    settings = ClientSettings(
        key_id="k",
        key_secret="s",
        auth_url="https://cxone.niceincontact.com",
        base_url="https://api-na1.niceincontact.com",
    )
    assert CxoneClient(settings).dfo_base() == "https://api-de-na1.niceincontact.com"
    settings.base_url, settings.dfo_url = "https://api-na2.niceincontact.com", None
    assert CxoneClient(settings).dfo_base() == "https://api-de-na2.nicecxone-gov.com"  # FedRAMP


def test_the_password_grant_sends_the_client_as_basic_with_scope_openid(emulator):
    emulator.client_credentials = (CLIENT_ID, CLIENT_SECRET)
    client, _ = make_client(emulator, auth_method="password", client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
    assert client.get_json(client.admin_url("/business-unit"))["businessUnits"]
    wrong, _ = make_client(emulator, auth_method="password", client_id=CLIENT_ID, client_secret="WRONG-CLIENT-SECRET")
    with pytest.raises(AuthenticationFailed, match="HTTP 401"):
        wrong.token()


def test_the_token_is_renewed_before_it_expires_and_once_when_revoked(emulator):
    emulator.token_lifetime = 2
    client, _ = make_client(emulator)
    first = client.token()
    assert client.token() == first
    time.sleep(1.9)  # inside the renewal margin
    assert client.token() != first
    emulator.expire_tokens()
    assert client.get_json(client.admin_url("/business-unit"))["businessUnits"]


def test_wrong_credentials_fail_without_saying_the_secret(emulator):
    client, _ = make_client(emulator, key_secret="WRONG-SECRET-VALUE")
    with pytest.raises(AuthenticationFailed) as caught:
        client.token()
    assert "HTTP 401" in str(caught.value) and "access-key" in str(caught.value)
    assert "WRONG-SECRET-VALUE" not in str(caught.value) and KEY_ID not in str(caught.value)


def test_an_unreachable_api_fails_fast_with_a_clear_error(tmp_path):
    port = free_port()
    settings = ClientSettings(
        key_id=KEY_ID,
        key_secret=KEY_SECRET,
        auth_url=f"http://127.0.0.1:{port}",
        base_url=f"http://127.0.0.1:{port}",
        connect_timeout=1,
        backoff_base_seconds=0.2,
        backoff_max_seconds=1,
        unreachable_after_seconds=3,
    )
    client = CxoneClient(settings)
    started = time.monotonic()
    with pytest.raises(Unreachable) as caught:
        client.get_json(client.admin_url("/skills"))
    assert time.monotonic() - started < 10
    assert f"cannot reach 127.0.0.1:{port}" in str(caught.value) and "base_url_env" in str(caught.value)
    started = time.monotonic()
    with pytest.raises(Unreachable):  # the next call does not wait again
        client.get_json(client.admin_url("/agents"))
    assert time.monotonic() - started < 0.5


def test_the_default_settings_give_up_on_an_unreachable_host_within_30_seconds(monkeypatch, tmp_path):
    port = free_port()
    monkeypatch.setenv("B", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("I", "id-value")
    monkeypatch.setenv("S", "secret-value")
    settings, _ = client_settings(
        Environment("e", "cxone", {"base_url_env": "B", "credentials_env": ["I", "S"]}, {}, tmp_path)
    )
    assert settings.unreachable_after_seconds + settings.connect_timeout < 30  # the last attempt starts in the budget


def test_verbose_shows_each_call_with_secrets_redacted(emulator):
    stream = io.StringIO()
    set_verbose(stream)
    try:
        client, _ = make_client(emulator, base_url=emulator.url.replace("http://", f"http://user:{KEY_SECRET}@"))
        client.get_json(client.admin_url("/business-unit"))
    finally:
        set_verbose(None)
    lines = stream.getvalue().splitlines()
    assert any(
        line.startswith("cxone: POST http://127.0.0.1:")
        and "/authentication/v1/token/access-key -> 200 (attempt 1)" in line
        for line in lines
    )
    assert any(
        "GET " in line and "/incontactapi/services/v23.0/business-unit -> 200 (attempt 1)" in line for line in lines
    )
    assert KEY_SECRET not in stream.getvalue() and KEY_ID not in stream.getvalue()


def test_a_password_in_a_base_url_is_never_sent_or_echoed(tmp_path):
    port = free_port()
    settings = ClientSettings(
        key_id=KEY_ID,
        key_secret=KEY_SECRET,
        auth_url=f"http://admin:Pa55-W0rd-XY@127.0.0.1:{port}",
        base_url=f"http://admin:Pa55-W0rd-XY@127.0.0.1:{port}",
        connect_timeout=0.5,
        unreachable_after_seconds=0.5,
        backoff_base_seconds=0.1,
        backoff_max_seconds=0.2,
    )
    client = CxoneClient(settings)
    with pytest.raises(CxoneError) as caught:
        client.get_json(client.admin_url("/skills"))
    assert "Pa55-W0rd-XY" not in str(caught.value) and "admin:" not in str(caught.value)
    assert client.redact("x Pa55-W0rd-XY y") == "x *** y"


def test_settings_name_the_missing_variable_never_a_value(monkeypatch, tmp_path):
    monkeypatch.setenv("MY_KEY_ID", "AKID-VISIBLE-NOWHERE")
    monkeypatch.delenv("MY_KEY_SECRET", raising=False)
    monkeypatch.delenv("MY_BASE", raising=False)
    environment = Environment(
        "prod",
        "cxone",
        {"base_url_env": "MY_BASE", "dfo_url_env": "MY_BASE", "credentials_env": ["MY_KEY_ID", "MY_KEY_SECRET"]},
        {},
        tmp_path,
    )
    with pytest.raises(ConfigError) as caught:
        client_settings(environment)
    text = str(caught.value)
    assert "MY_KEY_SECRET" in text and "MY_BASE (base_url_env)" in text and "MY_BASE (dfo_url_env)" in text
    assert "AKID-VISIBLE-NOWHERE" not in text


def test_existing_settings_keep_their_meaning(monkeypatch, tmp_path):
    monkeypatch.setenv("B", "http://127.0.0.1:9")
    monkeypatch.setenv("D", "http://127.0.0.1:10")
    monkeypatch.setenv("I", "id")
    monkeypatch.setenv("S", "secret")
    monkeypatch.setenv("C", "client")
    monkeypatch.setenv("CS", "client-secret")
    settings, hint = client_settings(
        Environment("e", "cxone", {"base_url_env": "B", "credentials_env": ["I", "S"]}, {}, tmp_path)
    )
    assert settings.auth_url == settings.base_url == "http://127.0.0.1:9" and hint == "$I"
    assert settings.auth_method == "access_key" and settings.dfo_url is None
    settings, _ = client_settings(
        Environment(
            "e",
            "cxone",
            {
                "base_url_env": "B",
                "dfo_url_env": "D",
                "credentials_env": ["I", "S"],
                "client_id_env": "C",
                "client_secret_env": "CS",
                "api_version": "31.0",
                "api_versions": {"skills": "33.0"},
            },
            {},
            tmp_path,
        )
    )
    assert settings.dfo_url == "http://127.0.0.1:10" and settings.auth_method == "password"
    client = CxoneClient(settings)
    assert client.admin_url("/skills").endswith("/incontactapi/services/v33.0/skills")
    assert client.admin_url("/agents").endswith("/incontactapi/services/v31.0/agents")
    with pytest.raises(ConfigError, match="auth_method"):
        client_settings(
            Environment("e", "cxone", {"credentials_env": ["I", "S"], "auth_method": "magic"}, {}, tmp_path)
        )
