"""Clones of one project for the state tests: each a folder with its own checkout of the specs,
all planning one shared tenant (a sandbox file) and, for `postgres`, one shared state."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import EXAMPLE_SPECS

ACDPLAN = [sys.executable, "-m", "acdplan"]


class Clone:
    def __init__(self, folder: Path, tenant: Path, backend: str, schema: str | None, dsn: str | None,
                 specs: Path = EXAMPLE_SPECS):
        self.folder = folder
        self.dsn = dsn
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copytree(specs, folder / "specs", dirs_exist_ok=True)
        environment: dict = {"provider": "local", "path": str(tenant)}
        if backend == "postgres":
            environment["state"] = {"backend": "postgres", "dsn_env": "ACDPLAN_STATE_DSN", "schema": schema}
        (folder / "acdplan.yaml").write_text(yaml.safe_dump({"specs": "specs",
                                                             "environments": {"production": environment}}))

    def set_state(self, environment: str, state: dict | None) -> None:
        """Point an environment of acdplan.yaml at another state backend (what a user edits)."""
        path = self.folder / "acdplan.yaml"
        config = yaml.safe_load(path.read_text())
        body = config["environments"].setdefault(environment, {"provider": "local"})
        body.pop("state", None)
        if state:
            body["state"] = state
        path.write_text(yaml.safe_dump(config))

    def env(self) -> dict:
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
        if self.dsn:
            env["ACDPLAN_STATE_DSN"] = self.dsn
        env.pop("CI", None)
        return env

    def start(self, *args: str) -> Running:
        """A command in the background; its output goes to files (a full pipe would stall it)."""
        return Running(subprocess.Popen([*ACDPLAN, *args, "-e", "production"], cwd=self.folder, env=self.env(),
                                        stdout=open(self.folder / "out.txt", "w"),
                                        stderr=open(self.folder / "err.txt", "w")), self.folder)

    def run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run([*ACDPLAN, *args, "-e", "production"], cwd=self.folder, env=self.env(),
                              capture_output=True, text=True, timeout=timeout, check=False)

    def remove_from_specs(self, kind_section: str, name: str) -> None:
        """Delete one object from whichever spec file declares it."""
        for path in sorted((self.folder / "specs").rglob("*.yaml")):
            data = yaml.safe_load(path.read_text())
            if isinstance(data, dict) and name in (data.get(kind_section) or {}):
                del data[kind_section][name]
                path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
                return
        raise AssertionError(f"{kind_section}.{name} not found in the specs")


class Running:
    def __init__(self, process: subprocess.Popen, folder: Path):
        self.process = process
        self.folder = folder
        self.pid = process.pid

    def poll(self):
        return self.process.poll()

    def finish(self, timeout: float = 300) -> subprocess.CompletedProcess:
        code = self.process.wait(timeout=timeout)
        return subprocess.CompletedProcess(self.process.args, code, (self.folder / "out.txt").read_text(),
                                           (self.folder / "err.txt").read_text())


def assert_ok(result: subprocess.CompletedProcess, code: int = 0) -> None:
    assert result.returncode == code, f"exit {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    assert "Traceback" not in result.stderr, result.stderr
