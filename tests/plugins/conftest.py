"""Plugins as users install them: the example package built and installed by pip into a temporary
folder, hand-made distributions for the failure cases, and acdplan run in a subprocess that sees
them (entry points are read once a process, so each run is a fresh one)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_SPECS, REPO_ROOT

EXAMPLE_PLUGIN = REPO_ROOT / "examples" / "acdplan-rules-example"


@pytest.fixture(scope="session")
def example_plugin(tmp_path_factory) -> Path:
    """examples/acdplan-rules-example installed by pip (offline: no index, no build isolation)."""
    target = tmp_path_factory.mktemp("site")
    build = tmp_path_factory.mktemp("build") / "acdplan-rules-example"
    shutil.copytree(EXAMPLE_PLUGIN, build, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                    "--no-index", "--target", str(target), str(build)], check=True, capture_output=True, timeout=300)
    assert (target / "acdplan_rules_example" / "rules.py").is_file()
    return target


def write_plugin(site: Path, package: str, source: str, entry_point: str | None = None) -> Path:
    """A distribution as pip installs one (module + dist-info with its entry points), in `site`."""
    module = package.replace("-", "_")
    site.mkdir(parents=True, exist_ok=True)
    (site / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    info = site / f"{module}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {package}\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[acdplan.rules]\nrules = {entry_point or module}\n", encoding="utf-8")
    return site


@pytest.fixture
def make_plugin(tmp_path) -> Callable[..., Path]:
    """write_plugin into this test's site folder (tmp_path/site)."""
    return lambda package, source, entry_point=None: write_plugin(tmp_path / "site", package, source, entry_point)


@pytest.fixture
def plugin_project(tmp_path) -> Path:
    """A copy of the example tenant's specs (specs/) in a project folder of its own."""
    root = tmp_path / "project"
    shutil.copytree(EXAMPLE_SPECS, root / "specs")
    (root / ".git").mkdir()  # acdplan.yaml is searched no higher than here
    return root


def acdplan(project: Path, *args: str, sites: tuple[Path, ...] = ()) -> subprocess.CompletedProcess:
    """`acdplan ARGS` run in `project`, with the plugins installed in `sites` importable."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(str(site) for site in sites), NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "acdplan", *args], cwd=project, env=env, capture_output=True,
                          text=True, timeout=120)


def add_test_skill(project: Path, name: str = "IG_TEST_FR") -> None:
    """A skill whose name contains TEST, first in specs/skills.yaml (line 4)."""
    skills = project / "specs" / "skills.yaml"
    text = skills.read_text(encoding="utf-8")
    assert "\nskills:\n" in text
    skills.write_text(text.replace("\nskills:\n", f"\nskills:\n  {name}: {{campaign: Social}}\n", 1), encoding="utf-8")
