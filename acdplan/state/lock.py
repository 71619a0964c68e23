"""An exclusive lock on an environment's state, held by one plan -o or apply at a time.

The lock is a file created with O_EXCL that says who holds it, since when, and for what; a
second run waits up to its timeout, then fails naming the holder. A lock left by a crash is
removed with `acdplan force-unlock ID`, as in Terraform; one whose process is gone from this very
host (same host name, boot and PID namespace, which the lock records) is detected, named and
taken over without it (as Terraform's local lock, an flock, is freed
when its process dies). The lock held is registered for the fencing check of every state commit
(acdplan/state/fencing.py).
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from acdplan.state import fencing
from acdplan.state.atomic import FILE_MODE


@dataclass(frozen=True, slots=True)
class LockInfo:
    id: str
    who: str
    operation: str
    created: str
    pid: int

    def describe(self) -> str:
        return f"lock {self.id} held by {self.who} (pid {self.pid}) for {self.operation} since {self.created}"


class LockHeld(Exception):
    def __init__(self, info: LockInfo | None, path: Path | str):
        self.info = info
        self.path = path
        holder = info.describe() if info else f"a lock at {path} (its holder could not be read)"
        super().__init__(
            f"the state is locked: {holder}; wait for it, or if that run is gone: acdplan force-unlock "
            f"{info.id if info else '<ID>'}"
        )


def _who() -> str:
    try:
        user = getpass.getuser()
    except Exception:
        user = "unknown"
    return f"{user}@{socket.gethostname()}"


def announce_wait(info: LockInfo | None, timeout: float) -> None:
    """Tell whoever waits who holds the lock (on standard error, where progress goes)."""
    holder = info.describe() if info else "another run"
    sys.stderr.write(f"acdplan: waiting up to {timeout:g} s for the state lock: {holder}\n")
    sys.stderr.flush()


def process_gone(pid: int) -> bool:
    """Whether no process `pid` runs on this host (a zombie, dead but not yet reaped, is gone)."""
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OSError):
        return False  # it exists (another user's), or this cannot tell: never taken over
    try:
        stat_line = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat_line.rsplit(")", 1)[-1].split()[:1] == ["Z"]


def process_space() -> str | None:
    """This boot of this machine and this PID namespace: where a lock's pid means a process
    (containers sharing a host name, or a folder, do not share their pids). None off Linux."""
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
        return f"{boot}:{os.readlink('/proc/self/ns/pid')}"
    except OSError:
        return None


def left_by_dead_process(info: LockInfo | None, space: str | None) -> bool:
    """The lock says it was taken on this host by a process that no longer runs: its host name
    is this one and, in its process space (`space`, as the lock recorded it), its pid is gone;
    or that space's machine has rebooted since."""
    if info is None or info.who.rsplit("@", 1)[-1] != socket.gethostname():
        return False
    here = process_space()
    if space is None or here is None:
        return False  # a lock from before process spaces were recorded, or no /proc: never guessed
    if space.split(":", 1)[0] != here.split(":", 1)[0]:
        return True  # the machine rebooted since: no process of before runs
    return space == here and process_gone(info.pid)


def _recorded_space(path: Path) -> str | None:
    try:
        space = json.loads(path.read_text()).get("process_space")
    except (OSError, ValueError, AttributeError):
        return None
    return space if isinstance(space, str) else None


def fence_key(path: Path) -> str:
    return "local:" + os.path.realpath(path)


def read_lock(path: Path) -> LockInfo | None:
    try:
        data = json.loads(path.read_text())
        return LockInfo(data["id"], data["who"], data["operation"], data["created"], data["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


class StateLock:
    """Context manager: `with StateLock(path, "apply", timeout=10): ...`."""

    def __init__(self, path: Path, operation: str, timeout: float = 0.0, poll: float = 0.1):
        self.path = Path(path)
        self.operation = operation
        self.timeout = timeout
        self.poll = poll
        self.info: LockInfo | None = None

    def acquire(self) -> LockInfo:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        info = LockInfo(str(uuid.uuid4()), _who(), self.operation,
                        datetime.now(UTC).isoformat(timespec="seconds"), os.getpid())
        deadline = time.monotonic() + self.timeout
        # The lock appears with its content or not at all: written to a private file, then
        # hard-linked into place (link fails if the lock exists), so nobody reads it half-written.
        private = self.path.with_name(f".{self.path.name}.{info.id}")
        try:
            descriptor = os.open(private, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
            with os.fdopen(descriptor, "w") as handle:
                json.dump({**_as_dict(info), "process_space": process_space()}, handle)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as error:  # a full disk: said naming the lock (IO002), nothing left behind
            with contextlib.suppress(OSError):
                os.unlink(private)
            raise OSError(error.errno, error.strerror, str(self.path)) from None
        announced = False
        try:
            while True:
                try:
                    os.link(private, self.path)
                except FileExistsError:
                    if self._take_over_from_dead(info.id):
                        continue
                    if time.monotonic() >= deadline:
                        raise LockHeld(read_lock(self.path), self.path) from None
                    if not announced:
                        announce_wait(read_lock(self.path), self.timeout)
                        announced = True
                    time.sleep(self.poll)
                    continue
                self.info = info
                fencing.hold(fence_key(self.path), info.id)
                return info
        finally:
            os.unlink(private)

    def _take_over_from_dead(self, my_id: str) -> bool:
        """Remove the lock when its holder's process is gone from this host, saying so; True when
        it was removed (by this run or another). Moved aside first, so that of two runs doing
        this at once only one removes it, and a lock taken meanwhile is put back."""
        holder = read_lock(self.path)
        if not left_by_dead_process(holder, _recorded_space(self.path)):
            return False
        assert holder is not None
        aside = self.path.with_name(f".{self.path.name}.stale.{my_id}")
        try:
            os.rename(self.path, aside)
        except FileNotFoundError:
            return True  # another run removed it first
        moved = read_lock(aside)
        if moved is None or moved.id != holder.id:  # a live lock taken meanwhile: put it back
            with contextlib.suppress(OSError):
                os.link(aside, self.path)
            os.unlink(aside)
            return False
        os.unlink(aside)
        sys.stderr.write(f"acdplan: took over the state lock: {holder.describe()}, whose process no longer "
                         f"runs on this host\n")
        sys.stderr.flush()
        return True

    def release(self) -> None:
        if self.info is not None:
            fencing.release(fence_key(self.path), self.info.id)
            current = read_lock(self.path)
            if current is None or current.id == self.info.id:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(self.path)
            self.info = None

    def __enter__(self) -> StateLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def _as_dict(info: LockInfo) -> dict:
    return {"id": info.id, "who": info.who, "operation": info.operation, "created": info.created, "pid": info.pid}


def force_unlock(path: Path, lock_id: str) -> LockInfo | None:
    """Remove the lock if its id matches; refuses a wrong id so the wrong lock is never broken.

    None when the lock file could not be read (it is removed all the same)."""
    info = read_lock(path)
    if not Path(path).exists():
        raise LookupError("the state is not locked")
    if info is not None and info.id != lock_id:
        raise LookupError(f"lock id {lock_id!r} does not match the lock held: {info.describe()}")
    os.unlink(path)
    return info
