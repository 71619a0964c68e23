"""Run the acdplan CLI as a user would (a subprocess) under an address-space limit, and measure it.

Peak memory is the largest resident set of the CLI and of the processes it waited for (the
template renderer it forks), from `wait4`; time is wall-clock. The limit makes a regression
fail fast instead of taking the test machine down.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

CEILING_BYTES = 2 * 1024 ** 3  # what any hostile input may cost, at most


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float

    def json(self) -> dict:
        return json.loads(self.stdout)


def run_cli(args: list[str], cwd: Path, ceiling_bytes: int = CEILING_BYTES, timeout: float = 120) -> Run:
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (ceiling_bytes, ceiling_bytes))

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        process = subprocess.Popen([sys.executable, "-m", "acdplan", *args], cwd=cwd, stdout=out, stderr=err,
                                   preexec_fn=limit, env={**os.environ, "NO_COLOR": "1"})
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                process.kill()
                os.wait4(process.pid, 0)
                raise AssertionError(f"acdplan {' '.join(args)} ran past {timeout} s")
            time.sleep(0.02)
        seconds = time.monotonic() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(process.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                   seconds, usage.ru_maxrss / 1024)
