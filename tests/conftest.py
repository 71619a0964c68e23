"""Shared fixtures: a repository-root path, and a sandbox environment in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from acdplan.config import Environment

REPO_ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_SPECS = REPO_ROOT / "specs"


@pytest.fixture
def sandbox_env(tmp_path: Path) -> Environment:
    """The embedded default environment, rooted in a temporary folder."""
    return Environment("sandbox", "local", {"path": ".acdplan/sandbox.json"}, {}, tmp_path)
