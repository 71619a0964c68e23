"""A small project of skills and agents (the batched kinds) against the emulator, driven through
the command line as a user drives it: `acdplan.yaml`, spec files, `acdplan apply` / `plan`."""

from __future__ import annotations

from pathlib import Path

import yaml

from acdplan.emulator import Emulator, seed_prerequisites
from acdplan.model import build_spec
from tests.conftest import run_cli
from tests.providers.cxone.conftest import FAST, KEY_ID, KEY_SECRET

SKILLS = [f"BATCH_{number}" for number in range(1, 6)]
AGENTS = [f"agent{number}@example.com" for number in range(1, 5)]


def batch_spec(skills: int = len(SKILLS), agents: int = len(AGENTS)) -> dict:
    names = SKILLS if skills == len(SKILLS) else [f"BATCH_{number}" for number in range(1, skills + 1)]
    return {
        "campaigns": {"Social": {}},
        "skills": {name: {"campaign": "Social", "description": f"skill {name}"} for name in names},
        "roles": {"Agents": {}},
        "agents": {
            user: {
                "role": "Agents",
                "digital_engagement": True,
                "description": f"agent {number}",
                "skills": {names[number % len(names)]: 1 + number, names[(number + 1) % len(names)]: 2},
            }
            for number, user in enumerate(AGENTS[:agents])
        },
    }


def started_emulator(data: dict, page_size: int = 3) -> Emulator:
    server = Emulator(max_page_size=page_size, seed=7)
    server.add_credentials(KEY_ID, KEY_SECRET)
    server.accept_any_credentials = False
    seed_prerequisites(server, build_spec(data))
    return server.start()


def write_project(folder: Path, emulator: Emulator, data: dict, monkeypatch, page_size: int = 3) -> None:
    """acdplan.yaml with an `emu` environment on the emulator, and the specs, in `folder` (the cwd)."""
    monkeypatch.setenv("CXONE_TEST_BASE_URL", emulator.url)
    monkeypatch.setenv("CXONE_TEST_DFO_URL", emulator.dfo_url)
    monkeypatch.setenv("CXONE_TEST_KEY_ID", KEY_ID)
    monkeypatch.setenv("CXONE_TEST_KEY_SECRET", KEY_SECRET)
    environment = {
        "provider": "cxone",
        "base_url_env": "CXONE_TEST_BASE_URL",
        "dfo_url_env": "CXONE_TEST_DFO_URL",
        "credentials_env": ["CXONE_TEST_KEY_ID", "CXONE_TEST_KEY_SECRET"],
        "page_size": page_size,
        **FAST,
    }
    (folder / "acdplan.yaml").write_text(yaml.safe_dump({"specs": "specs/", "environments": {"emu": environment}}))
    (folder / "specs").mkdir(exist_ok=True)
    (folder / "specs" / "all.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    monkeypatch.chdir(folder)


def apply(*extra: str):
    return run_cli("apply", "-e", "emu", "--auto-approve", "--no-color", *extra)


def plan(*extra: str):
    return run_cli("plan", "-e", "emu", "--no-color", "--format", "json", *extra)
