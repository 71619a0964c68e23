"""A plan reads the tenant through one bounded pool (issue 23): every list and every page of each
share `read_parallelism` calls in flight; a 429 holds back every reader; each page is read once.

The emulator is real HTTP on loopback; these tests watch it from the server side (what arrives,
when, how many at once), so they hold what CXone would see, not what the client believes."""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest

from acdplan.config import ConfigError, Environment
from acdplan.emulator.server import Response
from acdplan.providers.cxone import client_settings
from tests.providers.cxone.conftest import CxoneRun


class Watch:
    """Wraps the emulator's dispatch: calls in flight at once, each admin page asked, arrival times;
    `hold_s` keeps each call in flight a moment, so overlapping calls do overlap."""

    def __init__(self, emulator, hold_s: float = 0.01):
        self.emulator = emulator
        self.original = emulator.dispatch
        self.hold_s = hold_s
        self.lock = threading.Lock()
        self.in_flight = 0
        self.most = 0
        self.pages: Counter = Counter()
        self.arrivals: list[float] = []
        self.answer_first: dict[tuple[str, str], Response] = {}  # (path end, skip) -> answered once instead
        self.answered_at: dict[tuple[str, str], float] = {}
        emulator.dispatch = self

    def __call__(self, method, path, query, headers, body, *host):
        with self.lock:
            self.in_flight += 1
            self.most = max(self.most, self.in_flight)
            self.arrivals.append(time.monotonic())
            if method == "GET" and "skip" in query:
                self.pages[(path, query["skip"])] += 1
            key = (path.rsplit("/", 1)[-1], query.get("skip", ""))
            instead = self.answer_first.pop(key, None)
            if instead is not None:
                self.answered_at[key] = time.monotonic()
        try:
            time.sleep(self.hold_s)
            return instead if instead is not None else self.original(method, path, query, headers, body, *host)
        finally:
            with self.lock:
                self.in_flight -= 1

    def close(self):
        self.emulator.dispatch = self.original


def fill(emulator, agents: int, skills: int, per_agent: int) -> None:
    tenant = emulator.tenant
    with tenant.lock:
        campaign = tenant.add_campaign("Social") and "Social"
        made = [tenant.add_skill(f"Skill_{index:03d}", campaign) for index in range(skills)]
        for number in range(agents):
            agent = tenant.add_user(f"user{number}@example.com")
            for skill in made[number % skills:][:per_agent]:
                tenant.assign_skill(agent, skill, 1 + number % 5)
        for index in range(12):
            tenant.add_channel(f"Channel_{index}", "email", f"c{index}@example.com")


@pytest.fixture
def watched(emulator):
    fill(emulator, agents=60, skills=20, per_agent=3)
    emulator.max_page_size = emulator.dfo_max_page_size = 4
    watch = Watch(emulator)
    yield emulator, watch
    watch.close()


@pytest.mark.parametrize("bound", [1, 3, 8])
def test_the_whole_read_never_has_more_calls_in_flight_than_read_parallelism(bound, watched, tmp_path, monkeypatch):
    emulator, watch = watched
    provider = CxoneRun(tmp_path, emulator, monkeypatch, {"read_parallelism": bound, "page_size": 100}).provider()
    try:
        snapshot = provider.read()
    finally:
        provider.close()
    assert len(snapshot.objects["agent"]) == 60 and len(snapshot.objects["skill"]) == 20
    # ~80 pages (agents 15, assignments 45, skills 5, channels 4, ...): plenty to fill every slot
    assert sum(watch.pages.values()) > 60
    assert watch.most <= bound, f"{watch.most} calls in flight at once with read_parallelism {bound}"
    assert provider.client.most_reads_in_flight <= bound
    if bound > 1:
        assert watch.most >= 2, "the read ran one call at a time"


def test_a_read_under_the_pool_asks_every_page_exactly_once(watched, tmp_path, monkeypatch):
    emulator, watch = watched
    provider = CxoneRun(tmp_path, emulator, monkeypatch, {"read_parallelism": 8, "page_size": 100}).provider()
    try:
        snapshot = provider.read()
    finally:
        provider.close()
    assert set(watch.pages.values()) == {1}, [page for page, times in watch.pages.items() if times > 1]
    data = emulator.tenant.data
    for suffix, collection in (("/agents", "agents"), ("/agents/skills", "assignments"), ("/skills", "skills")):
        skips = sorted(int(skip) for path, skip in watch.pages if path.endswith(suffix)
                       and not (suffix == "/skills" and path.endswith("/agents/skills")))
        assert skips == list(range(0, len(data[collection]), 4)), suffix
    assert len(data["assignments"]) > 150
    read_skills = {name: document["skills"] for name, document in snapshot.objects["agent"].items()}
    assert sum(len(skills) for skills in read_skills.values()) == len(data["assignments"])


def test_a_429_holds_back_every_reader_for_its_retry_after(emulator, tmp_path, monkeypatch):
    fill(emulator, agents=300, skills=10, per_agent=0)
    emulator.max_page_size = 2  # 150 pages of agents, 4 at a time, 30 ms each: ~1.1 s of reading
    watch = Watch(emulator, hold_s=0.03)
    throttled = ("agents", "20")
    watch.answer_first[throttled] = Response(429, {"error": "TooManyRequests", "errorDescription": "slow down"},
                                             {"Retry-After": "1"})
    run = CxoneRun(tmp_path, emulator, monkeypatch, {"read_parallelism": 4, "page_size": 100})
    provider = run.provider()
    try:
        provider.client.token()
        started = time.monotonic()
        agents = provider.client.admin_list("/agents", "agents")
        took = time.monotonic() - started
    finally:
        provider.close()
        watch.close()
    assert len(agents) == 300 and len({agent["agentId"] for agent in agents}) == 300
    answered = watch.answered_at[throttled]
    # Calls already sent when the 429 was answered may still arrive; then nothing until Retry-After is over.
    during = [at - answered for at in watch.arrivals if answered + 0.15 < at < answered + 0.95]
    assert during == [], f"{len(during)} calls sent while every reader should have been waiting"
    assert took >= 1.0
    asked = Counter(skip for path, skip in watch.pages.elements() if path.endswith("/agents"))
    assert asked.pop("20") == 2 and set(asked.values()) == {1}  # the throttled page again after the wait, only it


@pytest.mark.parametrize("value", [0, 33, -1])
def test_read_parallelism_is_bounded_to_respect_cxone_rate_limits(value, tmp_path):
    environment = Environment("prod", "cxone", {"read_parallelism": value, "credentials_env": ["A", "B"]}, {},
                              tmp_path)
    with pytest.raises(ConfigError) as caught:
        client_settings(environment, {"A": "id", "B": "secret"})
    assert "read_parallelism must be between 1 and 32" in str(caught.value)


def test_read_parallelism_defaults_to_8(tmp_path):
    settings, _ = client_settings(Environment("prod", "cxone", {"credentials_env": ["A", "B"]}, {}, tmp_path),
                                  {"A": "id", "B": "secret"})
    assert settings.read_parallelism == 8
    settings, _ = client_settings(Environment("prod", "cxone", {"credentials_env": ["A", "B"], "read_parallelism": 32},
                                              {}, tmp_path), {"A": "id", "B": "secret"})
    assert settings.read_parallelism == 32
