"""The state backend interface: the one surface between the engine and where state lives.

The engine (plan, apply, the state commands) calls only these methods; `local` keeps the
state in files beside the project, `postgres` in tables shared by every runner. A state is
versioned: every write makes a new serial, recorded with who made it, when, and for which
plan, so a bad apply can be inspected afterwards (`acdplan state history`).
"""

from __future__ import annotations

import getpass
import os
import socket
import uuid
from abc import ABC, abstractmethod
from contextlib import AbstractContextManager
from dataclasses import dataclass, field

from acdplan.state.document import State, now
from acdplan.state.lock import LockInfo


class StateConflict(Exception):
    """A write found a serial or lineage other than the one it read (compare-and-swap failed)."""


def who() -> str:
    """`user@host` of this run: the holder shown to waiters and the author of each version."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name (a container's bare uid)
        user = "unknown"
    return f"{user}@{socket.gethostname()}"


@dataclass(slots=True)
class RunInfo:
    """Who writes this run's versions: attached to every record the run makes."""

    operation: str = "apply"
    who: str = field(default_factory=who)
    run: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    pid: int = field(default_factory=os.getpid)

    def by(self, plan_id: str | None) -> dict:
        return {"who": self.who, "at": now(), "operation": self.operation, "plan": plan_id, "run": self.run}


class StateBackend(ABC):
    """One environment's state, kept one way (files, PostgreSQL tables, ...)."""

    name: str = "backend"

    def __init__(self) -> None:
        self.run_info = RunInfo()

    @property
    @abstractmethod
    def location(self) -> str:
        """Where the state lives, for messages (never a secret: no DSN, no password)."""

    @abstractmethod
    def read(self) -> State:
        """The current state (an empty one with lineage "" and serial 0 before the first write)."""

    @abstractmethod
    def lock(self, operation: str, timeout: float = 0.0) -> AbstractContextManager:
        """Exclusive lock on the state; raises LockHeld naming the holder once `timeout` passed."""

    @abstractmethod
    def record(self, state: State, operations: list[dict], plan_id: str | None = None) -> int:
        """Commit one step (operations on `resources` / `applied_plans`) as a new version of `state`,
        only if the stored serial is still `state.serial` (else StateConflict); returns the new serial."""

    def record_steps(self, state: State, steps: list[list[dict]], plan_id: str | None = None) -> int:
        """Steps finished together, one version each (in order): a backend may commit them at once
        (group commit), never before they all happened and always before the next step starts."""
        for operations in steps:
            self.record(state, operations, plan_id)
        return state.serial

    def check_lock(self) -> None:
        """LK002 (fencing.LockLost) when this process held the state's lock and no longer does;
        the executor asks before each step, so a run whose lock was broken changes nothing more."""
        return None

    def record_plan_applied(self, state: State, plan_id: str) -> int:
        return self.record(state, [{"op": "set", "path": ["applied_plans", plan_id], "value": now()}], plan_id)

    def checkpoint(self, state: State) -> None:
        """The run's writes are finished (the local files fold their journal here)."""
        return None

    @abstractmethod
    def replace(self, document: dict, expected_serial: int | None, operation: str | None = None) -> int:
        """Write a whole state document as the next version (`state push`): compare-and-swap on
        `expected_serial` unless None (forced); returns the new serial."""

    @abstractmethod
    def versions(self) -> list[dict]:
        """Every version kept, oldest first: {"serial", "ops", "by": {who, at, operation, plan, run}}."""

    @abstractmethod
    def load_copy(self, document: dict, versions: list[dict]) -> None:
        """Take a whole state and its history as they are (`state migrate`); only into an empty state."""

    @abstractmethod
    def force_unlock(self, lock_id: str) -> LockInfo | None:
        """Break the lock `lock_id` of a run that is gone; LookupError when no such lock is held."""

    def close(self) -> None:
        """Release connections and open files."""
        return None

    # Names the executor and tests used before backends existed.
    def record_ops(self, state: State, operations: list[dict]) -> int:
        return self.record(state, operations)

    def compact(self, state: State) -> None:
        self.checkpoint(state)
