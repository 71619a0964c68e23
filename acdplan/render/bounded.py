"""Run untrusted work (a template from a pull request) in a child process with hard limits.

Bounding each Jinja operation one by one never ends: `join`, `~`, `center`, `format`, `set`
and nested loops each built gigabytes or ran for minutes (issue 10). The limits therefore
apply to the process doing the work: a forked child gets an address-space limit (what the
parent used plus a budget, `RLIMIT_AS`) and a CPU limit, and the parent kills it at a wall-clock
deadline. Whatever the template does, the run costs at most that memory and that time.
"""

from __future__ import annotations

import math
import os
import pickle
import select
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Outcome:
    status: str  # "ok" | "time" | "memory" | "crashed"
    value: object = None


class TimeLimit(Exception):
    """Raised inside the child at the deadline, so the template line can be named (an Exception,
    so that Jinja rewrites the traceback to template lines as it does for any error)."""


def _virtual_memory_bytes() -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _limit_child(seconds: float, memory_bytes: int) -> None:
    import resource

    used = _virtual_memory_bytes()
    if used is not None:
        ceiling = used + memory_bytes
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            ceiling = min(ceiling, hard)
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    cpu = math.ceil(seconds) + 2  # a backstop should the parent die: SIGXCPU ends the child
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu if hard == resource.RLIM_INFINITY else min(cpu, hard), hard))

    def _out_of_time(signum, frame):
        raise TimeLimit()

    signal.signal(signal.SIGALRM, _out_of_time)
    signal.setitimer(signal.ITIMER_REAL, seconds)


def run_bounded(work: Callable[[], object], seconds: float, memory_bytes: int) -> Outcome:
    """`work()` in a forked child under the limits; its (picklable) result, or which limit it hit.

    `work` should itself turn `TimeLimit` and `MemoryError` into results when it can say where
    they happened; the parent still enforces both should the child be stuck in one C call.
    """
    if not hasattr(os, "fork"):  # pragma: no cover - acdplan's CI and users run on Linux/macOS
        return Outcome("ok", work())
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 0
        try:
            os.close(read_end)
            _limit_child(seconds, memory_bytes)
            try:
                payload = pickle.dumps(Outcome("ok", work()), protocol=pickle.HIGHEST_PROTOCOL)
            except MemoryError:
                payload = pickle.dumps(Outcome("memory"))
            except TimeLimit:
                payload = pickle.dumps(Outcome("time"))
            signal.setitimer(signal.ITIMER_REAL, 0)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    return _collect(pid, read_end, time.monotonic() + seconds + 1.0)


def _collect(pid: int, read_end: int, deadline: float) -> Outcome:
    chunks: list[bytes] = []
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return Outcome("time")
            ready, _, _ = select.select([read_end], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(read_end, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    except BaseException:  # interrupted (Ctrl-C): the child must not outlive the run
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise
    finally:
        os.close(read_end)
    _, status = os.waitpid(pid, 0)
    if not chunks:
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGXCPU, signal.SIGKILL, signal.SIGALRM):
            return Outcome("time")
        return Outcome("crashed", status)
    return pickle.loads(b"".join(chunks))  # written by our own child, above
