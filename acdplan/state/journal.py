"""A JSON document kept as a snapshot plus an append-only journal of changes.

Rewriting a whole state file after each of 20,000 steps would cost O(n^2) bytes; appending one
fsynced line per step costs O(n). A line is written only after its step happened, so the
journal never claims a step that did not; the last line torn by a crash does not parse and is
ignored. A damaged line with whole records after it is not a crash: it is reported (ST001),
never skipped. `compact()` folds the journal into a new snapshot (atomically), and replay
skips lines the snapshot already holds, so a crash between the two is harmless. With a
`history_path`, compaction first appends the journal's records there: every version is kept.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from acdplan.encoded import plain
from acdplan.json_decode import decode_json
from acdplan.state.atomic import atomic_write, fsync_directory, open_regular_for_append
from acdplan.state.corrupt import corrupt_file, json_position
from acdplan.state.document import apply_operations, operation_problem

RESTORE_BACKUP = "Restore the backup by copying it over the damaged file, or delete both to start empty."


def canonical_json(document) -> bytes:
    """Sorted keys, no spaces, UTF-8: the one encoding of state, sandbox, journal and digests.
    Documents kept encoded (acdplan/encoded.py) are written as the data they stand for."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=plain).encode("utf-8")


class JournaledStore:
    """One JSON document on disk: `<path>` (snapshot) and `<path>.journal` (changes since)."""

    def __init__(self, path: Path, fsync: bool = True, recovery: str = RESTORE_BACKUP,
                 check: Callable[[object], str | None] | None = None, history_path: Path | None = None):
        self.path = Path(path)
        self.journal_path = self.path.with_name(self.path.name + ".journal")
        self.backup_path = self.path.with_name(self.path.name + ".backup")
        self.history_path = history_path
        self.fsync = fsync
        self.recovery = recovery
        self.check = check
        self._lock = threading.Lock()
        self._journal: BinaryIO | None = None
        self.by: dict | None = None  # the author of the next record (who, when, plan): kept in the history

    def exists(self) -> bool:
        return self.path.exists() or self.journal_path.exists()

    def has_journal(self) -> bool:
        """Whether records wait to be folded into the snapshot."""
        try:
            return self.journal_path.stat().st_size > 0
        except FileNotFoundError:
            return False

    def load(self, empty: Callable[[], dict], salvage: bool = False) -> dict:
        """The snapshot with every complete journal record after it applied. A damaged file is
        StateUnusable (ST001) naming it and its backup; `salvage` takes what can be read instead:
        the backup for a damaged snapshot, the records before a damaged journal line."""
        document = empty()
        if self.path.exists():
            document = self._read_snapshot(self.path, salvage)
        elif self.backup_path.exists() and not salvage:
            raise corrupt_file(self.path, "the file is missing but its backup is there (a reset is never silent)",
                               self.recovery)
        elif salvage and self.backup_path.exists():
            document = self._read_snapshot(self.backup_path, False)
        serial = document.get("serial", 0)
        for record in self._records(salvage):
            if record["serial"] <= serial:
                continue
            try:
                apply_operations(document, record["ops"])
            except ValueError as error:  # a whole line whose operation cannot be carried out
                if salvage:
                    break
                raise corrupt_file(self.journal_path, f"the record of version {record['serial']} is damaged: "
                                   f"{error}", self.recovery, backup_of=self.path) from None
            serial = document["serial"] = record["serial"]
        return document

    def _read_snapshot(self, path: Path, salvage: bool) -> dict:
        try:
            document = decode_snapshot(path)
        except OSError as error:
            raise corrupt_file(path, error.strerror or str(error), self.recovery) from None
        except ValueError as error:
            if salvage and path != self.backup_path and self.backup_path.exists():
                return self._read_snapshot(self.backup_path, False)
            line, column = json_position(error)
            raise corrupt_file(path, f"not valid JSON ({getattr(error, 'msg', error)})", self.recovery,
                               line, column) from None
        problem = self.check(document) if self.check else (None if isinstance(document, dict) else "not an object")
        if problem:
            if salvage and path != self.backup_path and self.backup_path.exists():
                return self._read_snapshot(self.backup_path, False)
            raise corrupt_file(path, problem, self.recovery)
        return document

    def records(self) -> list[dict]:
        """The journal's whole records (what compaction folds into the snapshot)."""
        return list(self._records(False))

    def _records(self, salvage: bool):
        if not self.journal_path.exists():
            return
        try:
            with open(self.journal_path, "rb") as handle:
                lines = handle.read().split(b"\n")
        except OSError as error:
            raise corrupt_file(self.journal_path, error.strerror or str(error), self.recovery) from None
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                whole = isinstance(record, dict) and isinstance(record.get("serial"), int) and \
                    isinstance(record.get("ops"), list)
            except ValueError:
                whole = False
            problem = next(filter(None, map(operation_problem, record["ops"])), None) if whole else None
            if problem and not salvage:  # a whole line, never torn by a crash: damaged wherever it is
                raise corrupt_file(self.journal_path, f"record {number} is damaged: {problem}", self.recovery,
                                   number, 1, backup_of=self.path)
            if whole and not problem:
                yield record
                continue
            if salvage or not any(rest.strip() for rest in lines[number:]):
                return  # the last line, torn by a crash: it was never a whole record
            raise corrupt_file(self.journal_path, f"record {number} is damaged and {len(lines) - number} follow it "
                               f"(the records before it and the snapshot {self.path.name} are whole)",
                               self.recovery, number, 1, backup_of=self.path)

    def append(self, document: dict, operations: list[dict]) -> int:
        """Apply operations to `document` and journal them as one record (stamped with `self.by`,
        who wrote it, when set); returns the new serial."""
        with self._lock:
            serial = document.get("serial", 0) + 1
            record = {"serial": serial, "ops": operations}
            if self.by is not None:
                record["by"] = self.by
            line = canonical_json(record) + b"\n"
            handle = self._open_journal()
            end = os.fstat(handle.fileno()).st_size
            try:
                view = memoryview(line)
                while view:  # unbuffered: a short write goes on where it stopped
                    view = view[handle.write(view) or 0:]
                if self.fsync:
                    os.fsync(handle.fileno())
            except OSError:  # a full disk: no part of the line stays to be glued to the next one
                self._drop_journal(end)
                raise
            apply_operations(document, operations)
            document["serial"] = serial
            return serial

    def _drop_journal(self, end: int) -> None:
        """After a failed append: the journal cut back to `end` (no part of the line stays) and closed."""
        handle, self._journal = self._journal, None
        if handle is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(handle.fileno(), end)
        with contextlib.suppress(OSError):
            handle.close()  # unbuffered: nothing is written again on close

    def _open_journal(self) -> BinaryIO:
        if self._journal is None:
            self.journal_path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = open_regular_for_append(self.journal_path)  # never a link, device or FIFO
            self._journal = os.fdopen(descriptor, "ab", buffering=0)  # a failed line is never written later
        return self._journal

    def compact(self, document: dict) -> None:
        """Keep the journal's records in the history, write the whole document as the new
        snapshot, then empty the journal."""
        with self._lock:
            self.close()
            if self.history_path is not None and self.has_journal():
                self._keep_history(self.history_path)
            atomic_write(self.path, canonical_json(document))
            if self.journal_path.exists():
                descriptor = open_regular_for_append(self.journal_path)
                try:
                    os.ftruncate(descriptor, 0)
                finally:
                    os.close(descriptor)

    def _keep_history(self, history_path: Path) -> None:
        data = b"".join(canonical_json(record) + b"\n" for record in self._records(True))
        descriptor = open_regular_for_append(history_path)
        with os.fdopen(descriptor, "ab") as handle:
            handle.write(data)
            handle.flush()
            if self.fsync:
                os.fsync(handle.fileno())
        fsync_directory(history_path.parent)

    def close(self) -> None:
        if self._journal is not None:
            self._journal.close()
            self._journal = None


def decode_snapshot(path: Path) -> dict:
    """The snapshot's JSON, decoded (a plan's reads keep documents as text instead: state/lazy.py)."""
    return decode_json(path.read_bytes())
