"""Run the acdplan CLI as a user would (a subprocess) under an address-space limit, and measure it.

Peak memory is the largest resident set of the CLI and of the processes it waited for (the
template renderer it forks), from `wait4`; time is wall-clock. The limit makes a regression
fail fast instead of taking the test machine down.
"""

from __future__ import annotations

import json
import os
import signal
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


# A small launcher forks the CLI under the limit and reports the CLI's own peak. Measuring from
# the test process instead is wrong either way: `ru_maxrss` keeps the high-water mark across exec,
# so a child forked (or vforked) from pytest would carry pytest's peak, not the CLI's.
LAUNCH = """
import os, resource, sys
limit, report = int(sys.argv[1]), sys.argv[2]
pid = os.fork()
if pid == 0:
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    os.execv(sys.executable, [sys.executable, "-m", "acdplan", *sys.argv[3:]])
_, status, usage = os.wait4(pid, 0)
with open(report, "w") as handle:
    handle.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_cli(args: list[str], cwd: Path, ceiling_bytes: int = CEILING_BYTES, timeout: float = 120) -> Run:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "peak"
        started = time.monotonic()
        process = subprocess.Popen([sys.executable, "-c", LAUNCH, str(ceiling_bytes), str(report), *args], cwd=cwd,
                                   stdout=out, stderr=err, env={**os.environ, "NO_COLOR": "1"},
                                   start_new_session=True)
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise AssertionError(f"acdplan {' '.join(args)} ran past {timeout} s") from None
        seconds = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        return Run(code, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                   seconds, int(report.read_text()) / 1024)
