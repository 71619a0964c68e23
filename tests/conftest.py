"""Shared fixtures: a repository-root path, a copy of the example project, the command line, and a
sandbox environment in a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from acdplan.config import Environment

REPO_ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_SPECS = REPO_ROOT / "specs"


@pytest.fixture(autouse=True, scope="session")
def _private_cache_key(tmp_path_factory):
    """The parse cache's key (acdplan/load/cache_key.py) in a folder of the test run's own, never the
    user's ~/.cache (subprocesses inherit it through the environment)."""
    import os

    previous = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    yield
    if previous is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = previous


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the example specs in a fresh folder, as the working directory (no acdplan.yaml)."""
    shutil.copytree(EXAMPLE_SPECS, tmp_path / "specs")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run_cli(*args: str):
    """The command line as a user runs it, in this process (click's runner), exceptions not caught."""
    from click.testing import CliRunner

    from acdplan.cli import main

    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def sandbox_env(tmp_path: Path) -> Environment:
    """The embedded default environment, rooted in a temporary folder."""
    return Environment("sandbox", "local", {"path": ".acdplan/sandbox.json"}, {}, tmp_path)
