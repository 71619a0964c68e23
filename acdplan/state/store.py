"""The `local` state backend: the state of one environment in files beside the project.

`<state_dir>/<environment>.json` is the snapshot, `.journal` the steps since, `.backup` the
version before the last snapshot, `.history.jsonl` every version ever written (who, when,
plan id), `.lock` the lock. Only objects recorded here are ever deleted; the document recorded
for each is what acdplan last applied, so a plan can tell drift from a change in the specs.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from pathlib import Path

from acdplan.state import fencing
from acdplan.state.backend import StateBackend, StateConflict
from acdplan.state.corrupt import StateUnusable
from acdplan.state.document import (
    STATE_FORMAT_VERSION,
    ManagedResource,
    State,
    empty_document,
    now,
    stored_state_problem,
)
from acdplan.state.journal import JournaledStore
from acdplan.state.lazy import read_encoded_state
from acdplan.state.lock import LockInfo, StateLock, fence_key, force_unlock, read_lock

__all__ = ["STATE_FORMAT_VERSION", "LocalBackend", "ManagedResource", "State", "StateStore", "now"]


def recovery_hint(path: Path) -> str:
    backup = path.with_name(path.name + ".backup")
    return (f"Recover (README, 'Where state lives'): `acdplan state pull --salvage > recovered.json`, check it, "
            f"then `acdplan state push --force recovered.json`; or restore the backup with "
            f"`acdplan state push --force {backup}`. The next plan then shows what the tenant holds.")


class StateStore(StateBackend):
    """The `local` backend: `<directory>/<environment>.json` (+ `.journal`, `.backup`, `.history.jsonl`, `.lock`)."""

    name = "local"

    def __init__(self, directory: Path, environment: str, fsync: bool = True):
        super().__init__()
        self.directory = Path(directory)
        self.environment = environment
        path = self.directory / f"{environment}.json"
        self.history_path = self.directory / f"{environment}.history.jsonl"
        self.store = JournaledStore(path, fsync=fsync, recovery=recovery_hint(path), check=stored_state_problem,
                                    history_path=self.history_path)
        self.lock_path = self.directory / f"{environment}.lock"

    @property
    def location(self) -> str:
        return str(self.store.path)

    def read(self, salvage: bool = False) -> State:
        if not salvage:
            state = read_encoded_state(self.store)  # a plan's read: documents kept as text
            if state is not None:
                return state
        return State(self.store.load(self._empty, salvage=salvage))

    def _empty(self) -> dict:
        return empty_document(self.environment)

    def lock(self, operation: str, timeout: float = 0.0) -> StateLock:
        self.run_info.operation = operation
        return StateLock(self.lock_path, operation, timeout)

    def _ensure_written(self, state: State) -> None:
        if not self.store.exists():
            state.document["lineage"] = state.document.get("lineage") or str(uuid.uuid4())
            self.store.compact(state.document)

    def record(self, state: State, operations: list[dict], plan_id: str | None = None) -> int:
        """Journal one applied step (one atomic record). The caller holds the lock, so the serial
        in memory is the one on disk: the apply loop is not slowed by re-reading it."""
        self._check_fence()
        try:
            self._ensure_written(state)
            self.store.by = self.run_info.by(plan_id)
            return self.store.append(state.document, operations)
        except OSError as error:  # a full disk (ENOSPC): said, with what it means for the run
            raise StateUnusable("IO002", f"could not record version {state.serial + 1} of the state in "
                                         f"{error.filename or self.store.journal_path}: "
                                         f"{error.strerror or error}; the files keep every version recorded "
                                         f"before, and the next plan shows what the tenant holds since",
                                str(error.filename or self.store.journal_path)) from None

    def check_lock(self) -> None:
        self._check_fence()

    def _check_fence(self) -> None:
        """LK002 when this process held the lock and it is no longer its own (force-unlock)."""
        fence = fencing.held(fence_key(self.lock_path))
        if fence is None:
            return
        current = read_lock(self.lock_path)
        if current is None or current.id != fence:
            raise fencing.LockLost(self.location, fence, current.describe() if current else None)

    def checkpoint(self, state: State) -> None:
        self._check_fence()
        self.store.compact(state.document)

    def replace(self, document: dict, expected_serial: int | None, operation: str | None = None) -> int:
        self._check_fence()
        self.run_info.operation = operation or self.run_info.operation
        if expected_serial is not None:
            current = self.read()
            if current.serial != expected_serial:
                raise StateConflict(f"the state is at serial {current.serial}, not {expected_serial}")
            serial = current.serial
        else:
            serial = self._serial_anyway()
            self._set_damaged_aside()
        state = State(dict(document, serial=serial))
        new = dict(document, serial=serial + 1)
        state.document["lineage"] = new["lineage"] = document.get("lineage") or str(uuid.uuid4())
        self.store.close()
        self.store.by = self.run_info.by(None)
        self.store.append(state.document, [{"op": "replace", "path": [], "value": new}])
        self.store.compact(state.document)
        return state.serial

    def _set_damaged_aside(self) -> None:
        """Before a forced push over a damaged state: the damaged files are kept as
        `<name>.damaged-<time>` for inspection (and the good backup is not overwritten by them)."""
        try:
            self.read()
            return
        except StateUnusable:
            pass
        stamp = now().replace(":", "")
        if self.store.path.exists():
            os.replace(self.store.path, self.store.path.with_name(f"{self.store.path.name}.damaged-{stamp}"))
        if self.store.journal_path.exists():
            shutil.copyfile(self.store.journal_path,
                            self.store.journal_path.with_name(f"{self.store.journal_path.name}.damaged-{stamp}"))

    def _serial_anyway(self) -> int:
        """The highest serial any file shows (a forced push over a damaged state still moves forward)."""
        serials = [0]
        try:
            serials.append(self.read(salvage=True).serial)
        except StateUnusable:  # nothing readable: the history may still say
            serials.append(0)
        serials += [version["serial"] for version in self.versions()[-1:]]
        return max(serials)

    def versions(self) -> list[dict]:
        seen: dict[int, dict] = {}
        if self.history_path.exists():
            for line in self.history_path.read_bytes().split(b"\n"):
                try:
                    record = json.loads(line)
                except ValueError:
                    continue  # a line torn by a crash: compaction writes it again from the journal
                if isinstance(record, dict) and isinstance(record.get("serial"), int):
                    seen.setdefault(record["serial"], record)
        for record in self.store.records():  # not yet folded in (an apply that died)
            seen.setdefault(record["serial"], record)
        return [seen[serial] for serial in sorted(seen)]

    def load_copy(self, document: dict, versions: list[dict]) -> None:
        if self.store.exists() and self.read().serial > 0:
            raise StateConflict(f"{self.location} already holds a state: migrate only into an empty one")
        self.store.close()
        data = b"".join(json.dumps(v, sort_keys=True, separators=(",", ":")).encode() + b"\n" for v in versions)
        self.history_path.parent.mkdir(parents=True, exist_ok=True)
        from acdplan.state.atomic import atomic_write

        atomic_write(self.history_path, data, backup=False)
        self.store.compact(document)

    def force_unlock(self, lock_id: str) -> LockInfo | None:
        return force_unlock(self.lock_path, lock_id)

    def close(self) -> None:
        self.store.close()


LocalBackend = StateStore

