"""Fixtures for the CXone provider: a live emulator on loopback and an environment pointed at it.

No mocking of the HTTP layer: every test talks to the emulator over real sockets.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from acdplan.config import Environment
from acdplan.emulator import Emulator, seed_prerequisites
from acdplan.model import build_spec
from acdplan.model.documents import desired_documents
from acdplan.providers.cxone import open_cxone
from tests.plan.sandbox_runner import EngineRun

# Recognisable fake secrets: tests/cxone/test_secrets.py greps every output for them.
KEY_ID = "AKID-FAKE-7Q4XJ2M9"
KEY_SECRET = "SECRET-FAKE-k3v9Pz81wQ"
CLIENT_ID = "CLIENT-FAKE-51c0"
CLIENT_SECRET = "CLIENTSECRET-FAKE-9dd2e7"
FAST = {"backoff_base_seconds": 0.005, "backoff_max_seconds": 0.05, "max_attempts": 15,
        "connect_timeout": 2, "read_timeout": 5}

SPEC = {
    "tenant": {"dynamic_delivery": True, "agent_application": "cxone_agent",
               "working_hours": {"timezone": "Europe/Paris", "mon": ["08:00-12:00", "13:00-18:00"], "tue": ["08:00-18:00"]},
               "sla": {"first_response": {"hours": 1}, "resolution": {"days": 2}}},
    "campaigns": {"Social": {}},
    "scripts": {"DFO_Social_Routing": {}},
    "skills": {
        "IG_Direct_FR": {"campaign": "Social",
                         "routing": {"criteria": "preferred_agent", "preferred_agent": {
                             "metric": "same_contact", "fallback": "when_offline", "timeout_seconds": 900}},
                         "service_level": {"goal_percent": 80, "threshold_seconds": 30},
                         "agent_response_countdown_seconds": 120,
                         "customer_response_countdown": {"seconds": 86400, "unassign": True}},
        "MAIL_FR": {"campaign": "Social", "description": "Mail FR"},
        "OUT_FR": {"campaign": "Social", "direction": "outbound", "personal_connection": True},
    },
    "channels": {
        "Instagram Direct FR": {"type": "instagram_direct",
                                "account": {"id": "17841400000000000", "name": "brand.fr", "professional": True,
                                            "allow_message_access": True},
                                "default_skill": "IG_Direct_FR", "default_script": "DFO_Social_Routing", "sla": "global"},
        "Mail FR": {"type": "email", "account": {"id": "contact@example.com"}, "default_skill": "MAIL_FR",
                    "default_script": "DFO_Social_Routing", "sla": {"first_response": {"hours": 4}, "resolution": "1d"}},
    },
    "roles": {
        "Social Agents": {"admin_permissions": ["skills.view", "digital_engagement.view"],
                          "channels": {"Instagram Direct FR": ["view", "reply", "search_messages"],
                                       "Mail FR": ["view", "reply"]}},
        "Supervisors": {"handles_contacts": False, "admin_permissions": ["skills.view"],
                        "channels": {"Mail FR": ["view"]}},
    },
    "agents": {
        "alice@example.com": {"role": "Social Agents", "digital_engagement": True,
                              "skills": {"IG_Direct_FR": 1, "MAIL_FR": 3}},
        "bob@example.com": {"role": "Social Agents", "application": "max", "digital_engagement": True,
                            "skills": {"MAIL_FR": 2}},
    },
    "routing_queues": {"Legacy Social": {"filters": {"Social": {"included_channels": ["Instagram Direct FR"]}}}},
}


def spec_data() -> dict:
    return copy.deepcopy(SPEC)


@pytest.fixture
def emulator():
    server = Emulator(max_page_size=2, seed=1234)
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
        monkeypatch.setenv("CXONE_TEST_KEY_ID", KEY_ID)
        monkeypatch.setenv("CXONE_TEST_KEY_SECRET", KEY_SECRET)
        self.settings = {"base_url_env": "CXONE_TEST_BASE_URL",
                         "credentials_env": ["CXONE_TEST_KEY_ID", "CXONE_TEST_KEY_SECRET"],
                         "page_size": 2, **FAST, **(settings or {})}

    @property
    def environment(self) -> Environment:
        return Environment("emu", "cxone", dict(self.settings), {}, self.folder)

    def provider(self):
        return open_cxone(self.environment)

    def apply(self, data: dict, parallelism: int = 4, provider=None):
        return super().apply(data, parallelism, provider)

    def assert_tenant_equals(self, data: dict) -> None:
        """The tenant, read back, holds exactly the specs' objects (unmanaged extras aside)."""
        desired = desired_documents(build_spec(data))
        tenant = self.tenant()
        for kind, objects in desired.items():
            for name, document in objects.items():
                assert tenant.get(kind, {}).get(name) == document, (kind, name)
        raw = self.emulator.dump()
        assert sorted(s["skillName"] for s in raw["skills"].values() if s["isActive"]) == sorted(data.get("skills", {}))
        assert sorted(c["name"] for c in raw["channels"].values()) == sorted(data.get("channels", {}))
        assert sorted(r["name"] for r in raw["roles"].values()) == sorted(data.get("roles", {}))
        assert self.emulator.tenant.duplicates() == {}


@pytest.fixture
def cxone(tmp_path, emulator, monkeypatch) -> CxoneRun:
    return CxoneRun(tmp_path, emulator, monkeypatch)


def seed_for(emulator: Emulator, data: dict, authorise: bool = True) -> None:
    seed_prerequisites(emulator, build_spec(data), authorise=authorise)


@pytest.fixture(scope="module")
def monkeypatch_module():
    patcher = pytest.MonkeyPatch()
    yield patcher
    patcher.undo()
