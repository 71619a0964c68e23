"""A project folder whose environment `emu` is the CXone provider on a live emulator, for tests that
run the command line end to end (plan, apply, confirm, export): the repository's `specs/` copied
in, what no public API creates seeded, the state local or in PostgreSQL."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from acdplan.emulator import Emulator, seed_prerequisites
from acdplan.load import load_spec_folder
from acdplan.model import build_spec
from tests.conftest import EXAMPLE_SPECS

KEY_ID, KEY_SECRET = "AKID-FAKE-EMU-1", "SECRET-FAKE-EMU-1"


def example_spec(folder: Path = EXAMPLE_SPECS):
    loaded = load_spec_folder(folder)
    assert loaded.ok, loaded.diagnostics
    return build_spec(loaded.data)


def emulated_project(root: Path, emulator: Emulator, monkeypatch, state: dict | None = None) -> Path:
    """Write `root/acdplan.yaml` and `root/specs`, seed the emulator, export the variables; returns root."""
    shutil.copytree(EXAMPLE_SPECS, root / "specs")
    seed_prerequisites(emulator, example_spec(root / "specs"))
    for variable, value in {"EMU_URL": emulator.url, "EMU_DFO_URL": emulator.dfo_url,
                            "EMU_KEY_ID": KEY_ID, "EMU_KEY_SECRET": KEY_SECRET}.items():
        monkeypatch.setenv(variable, value)
    environment = {"provider": "cxone", "base_url_env": "EMU_URL", "dfo_url_env": "EMU_DFO_URL",
                   "credentials_env": ["EMU_KEY_ID", "EMU_KEY_SECRET"], "backoff_base_seconds": 0.005,
                   "backoff_max_seconds": 0.05}
    environment.update({"state": state} if state else {"state_dir": ".acdplan/state"})
    (root / "acdplan.yaml").write_text(yaml.safe_dump({"specs": "specs", "environments": {"emu": environment}}),
                                       encoding="utf-8")
    return root


def started_emulator(page_size: int = 100) -> Emulator:
    server = Emulator(max_page_size=page_size, seed=7)
    server.add_credentials(KEY_ID, KEY_SECRET)
    server.accept_any_credentials = False
    return server.start()
