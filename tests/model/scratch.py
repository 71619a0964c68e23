"""A scratch copy of the package with a few files changed, run in a subprocess: how the tests show
what a change to the code touches (a new kind, a new field) without touching the checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from tests.conftest import REPO_ROOT

Changes = Mapping[str, str | Callable[[str], str]]  # path -> a new file's text, or the new text from the old


def scratch_copy(folder: Path, changes: Changes, tests: tuple[str, ...] = ()) -> Path:
    """The package, its schemas and the named test files (with pyproject.toml) under `folder`, then `changes`."""
    shutil.copytree(REPO_ROOT / "acdplan", folder / "acdplan", symlinks=True,
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO_ROOT / "schema", folder / "schema")
    for name in ("pyproject.toml", *tests):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO_ROOT / name, folder / name)
    for path, change in changes.items():
        target = folder / path
        target.write_text(change if isinstance(change, str) else change(target.read_text(encoding="utf-8")),
                          encoding="utf-8")
    return folder


def run(folder: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """`python *args` with the copy at `folder` first on the path (the checkout when `folder` is REPO_ROOT)."""
    environment = {**os.environ, "PYTHONPATH": str(folder), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, *args], cwd=cwd or folder, env=environment, capture_output=True,
                          text=True, timeout=300, check=False)
