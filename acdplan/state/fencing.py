"""Which state locks this process holds: the fencing check every state commit makes.

A lock is held through one handle (a lock file, a PostgreSQL session) and the state written
through another. When the lock is broken (`acdplan force-unlock` while the run still lives),
the writer would go on unaware. So the lock records here which lock id this process holds for
which state, and every commit first checks, with the lock's own record, that it is still that
id (issue 20): a run that lost its lock stops at its next write (LK002).
"""

from __future__ import annotations

import threading

from acdplan.state.corrupt import StateUnusable

_held: dict[str, str] = {}
_guard = threading.Lock()


def hold(state: str, lock_id: str) -> None:
    with _guard:
        _held[state] = lock_id


def release(state: str, lock_id: str) -> None:
    with _guard:
        if _held.get(state) == lock_id:
            del _held[state]


def held(state: str) -> str | None:
    """The id of the lock this process holds on `state`, or None (a write without the lock: tests,
    tools, `state push` of a state no run holds)."""
    with _guard:
        return _held.get(state)


class LockLost(StateUnusable):
    """LK002: the lock this run held was taken from it; nothing more is written."""

    def __init__(self, location: str, lock_id: str, now_held_by: str | None):
        holder = f"it is now {now_held_by}" if now_held_by else "nobody holds it now"
        super().__init__("LK002", f"this run lost its lock {lock_id} on the state in {location} (broken by "
                                  f"`acdplan force-unlock`; {holder}) and stopped writing: what it did is "
                                  f"shown by the next plan")
