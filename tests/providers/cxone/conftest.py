"""Fixtures for the CXone provider: a live emulator (two hosts) on loopback and an environment on it.

No mocking of the HTTP layer: every test talks to the emulator over real sockets.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from acdplan.apply import apply_plan
from acdplan.config import Environment
from acdplan.emulator import Emulator, perform_manual_steps, seed_prerequisites
from acdplan.model import build_spec
from acdplan.providers.cxone import open_cxone
from tests.plan.sandbox_runner import EngineRun

# Recognisable fake secrets: test_secrets.py greps every output for them.
KEY_ID = "AKID-FAKE-7Q4XJ2M9"
KEY_SECRET = "SECRET-FAKE-k3v9Pz81wQ"
CLIENT_ID = "CLIENT-FAKE-51c0"
CLIENT_SECRET = "CLIENTSECRET-FAKE-9dd2e7"
FAST = {
    "backoff_base_seconds": 0.005,
    "backoff_max_seconds": 0.05,
    "max_attempts": 15,
    "connect_timeout": 2,
    "read_timeout": 5,
}

SPEC = {
    "tenant": {"agent_application": "cxone_agent"},
    "campaigns": {"Social": {}},
    "scripts": {"DFO_Social_Routing": {}},
    "skills": {
        "IG_Direct_FR": {
            "campaign": "Social",
            "service_level": {"goal_percent": 80, "threshold_seconds": 30},
            "popurl": True,
            "accept_reject": True,
        },
        "MAIL_FR": {"campaign": "Social", "description": "Mail FR"},
        "OUT_FR": {
            "campaign": "Social",
            "direction": "outbound",
            "personal_connection": True,
            "message_template": "Relance",
        },
    },
    "channels": {
        "Instagram Direct FR": {
            "type": "instagram_direct",
            "account": {"id": "17841400000000000"},
            "default_script": "DFO_Social_Routing",
        },
        "Mail FR": {"type": "email", "account": {"id": "contact@example.com"}, "default_script": "DFO_Social_Routing"},
    },
    # No channel permissions here: no public route reads or sets them, so they are a manual step
    # until confirmed (test_roles.py); the other tests keep to what the API does.
    "roles": {"Social Agents": {}},
    "agents": {
        "alice@example.com": {
            "role": "Social Agents",
            "digital_engagement": True,
            "skills": {"IG_Direct_FR": 1, "MAIL_FR": 3},
        },
        "bob@example.com": {"role": "Social Agents", "digital_engagement": True, "skills": {"MAIL_FR": 2}},
    },
    "routing_queues": {"Legacy Social": {}},
}


def spec_data() -> dict:
    return copy.deepcopy(SPEC)


@pytest.fixture
def emulator():
    server = Emulator(max_page_size=2, seed=1234, record_calls=True)
    server.add_credentials(KEY_ID, KEY_SECRET)
    server.accept_any_credentials = False
    server.start()
    yield server
    server.stop()


class CxoneRun(EngineRun):
    """Plan and apply model-level spec data against the emulator, with a state in a folder."""

    environment_name = "emu"

    def __init__(self, folder: Path, emulator: Emulator, monkeypatch, settings: dict | None = None):
        super().__init__(folder)
        self.emulator = emulator
        monkeypatch.setenv("CXONE_TEST_BASE_URL", emulator.url)
        monkeypatch.setenv("CXONE_TEST_DFO_URL", emulator.dfo_url)
        monkeypatch.setenv("CXONE_TEST_KEY_ID", KEY_ID)
        monkeypatch.setenv("CXONE_TEST_KEY_SECRET", KEY_SECRET)
        self.settings = {
            "base_url_env": "CXONE_TEST_BASE_URL",
            "dfo_url_env": "CXONE_TEST_DFO_URL",
            "credentials_env": ["CXONE_TEST_KEY_ID", "CXONE_TEST_KEY_SECRET"],
            "state_dir": "state",
            "page_size": 2,
            **FAST,
            **(settings or {}),
        }

    @property
    def environment(self) -> Environment:
        return Environment("emu", "cxone", dict(self.settings), {}, self.folder)

    def provider(self):
        return open_cxone(self.environment)

    def plan(self, data: dict, provider=None, store=None, force: bool = True, import_existing: bool = True):
        """Channels are made by a person in CXone (no public call creates them): these tests seed them
        by hand first, so the plan takes them over as `--import-existing` does."""
        return super().plan(data, provider=provider, store=store, force=force, import_existing=import_existing)

    def apply(self, data: dict, parallelism: int = 4, provider=None):
        """As `acdplan apply` does: plan, preflight, prepare (the provider batches), apply."""
        plan, provider, store, state = self.plan(data, provider=provider)
        try:
            assert not plan.errors, plan.errors
            assert provider.preflight(plan) == []
            provider.prepare(plan)
            return plan, apply_plan(plan, provider, store, state, parallelism)
        finally:
            provider.close()
            store.close()

    def acting(self, data: dict) -> list:
        """The changes a fresh plan would have the API make (manual ones and adoptions aside)."""
        plan, provider, store, _ = self.plan(data)
        provider.close()
        store.close()
        return [change.address for change in plan.changes if change.action.value != "noop" and not change.manual]

    def manual(self, data: dict) -> list:
        plan, provider, store, _ = self.plan(data)
        provider.close()
        store.close()
        return [change.address for change in plan.changes if change.manual]


@pytest.fixture
def cxone(tmp_path, emulator, monkeypatch) -> CxoneRun:
    return CxoneRun(tmp_path, emulator, monkeypatch)


def seed_for(emulator: Emulator, data: dict, channels: bool = False) -> None:
    spec = build_spec(data)
    seed_prerequisites(emulator, spec)
    if channels:
        perform_manual_steps(emulator, spec)


@pytest.fixture(scope="module")
def monkeypatch_module():
    patcher = pytest.MonkeyPatch()
    yield patcher
    patcher.undo()
