"""A JSON document kept as a snapshot plus an append-only journal of changes.

Rewriting a whole state file after each of 20,000 steps would cost O(n^2) bytes; appending one
fsynced line per step costs O(n). A line is written only after its step happened, so the
journal never claims a step that did not; a line torn by a crash does not parse and is
ignored, with everything after it. `compact()` folds the journal into a new snapshot
(atomically), and replay skips lines the snapshot already holds, so a crash between the two is
harmless.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from pathlib import Path

from acdplan.state.atomic import FILE_MODE, atomic_write


def canonical_json(document) -> bytes:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


class JournaledStore:
    """One JSON document on disk: `<path>` (snapshot) and `<path>.journal` (changes since)."""

    def __init__(self, path: Path, fsync: bool = True):
        self.path = Path(path)
        self.journal_path = self.path.with_name(self.path.name + ".journal")
        self.fsync = fsync
        self._lock = threading.Lock()
        self._journal = None

    def exists(self) -> bool:
        return self.path.exists() or self.journal_path.exists()

    def has_journal(self) -> bool:
        """Whether records wait to be folded into the snapshot."""
        try:
            return self.journal_path.stat().st_size > 0
        except FileNotFoundError:
            return False

    def load(self, empty: Callable[[], dict]) -> dict:
        """The snapshot with every complete journal record after it applied."""
        document = empty()
        if self.path.exists():
            document = decode_snapshot(self.path)
        serial = document.get("serial", 0)
        for record in self._records():
            if record["serial"] <= serial:
                continue
            apply_record(document, record)
            serial = document["serial"] = record["serial"]
        return document

    def _records(self):
        if not self.journal_path.exists():
            return
        with open(self.journal_path, "rb") as handle:
            for line in handle:
                try:
                    record = json.loads(line)
                except ValueError:
                    return  # a line torn by a crash: nothing after it was written whole
                if not isinstance(record, dict) or "serial" not in record:
                    return
                yield record

    def append(self, document: dict, operations: list[dict]) -> int:
        """Apply operations to `document` and journal them as one record; returns the new serial."""
        with self._lock:
            serial = document.get("serial", 0) + 1
            record = {"serial": serial, "ops": operations}
            line = canonical_json(record) + b"\n"
            handle = self._open_journal()
            handle.write(line)
            handle.flush()
            if self.fsync:
                os.fsync(handle.fileno())
            apply_record(document, record)
            document["serial"] = serial
            return serial

    def _open_journal(self):
        if self._journal is None:
            self.journal_path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(self.journal_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
            self._journal = os.fdopen(descriptor, "ab")
        return self._journal

    def compact(self, document: dict) -> None:
        """Write the whole document as the new snapshot, then empty the journal."""
        with self._lock:
            self.close()
            atomic_write(self.path, canonical_json(document))
            if self.journal_path.exists():
                os.truncate(self.journal_path, 0)

    def close(self) -> None:
        if self._journal is not None:
            self._journal.close()
            self._journal = None


def decode_snapshot(path: Path) -> dict:
    """The snapshot's JSON, decoded; through the cache when one is on (acdplan/load/cache.py),
    which gives back the objects of content it decoded before without parsing JSON again."""
    content = path.read_bytes()
    from acdplan.load.cache import current_parse_cache

    cache = current_parse_cache()
    return cache.decoded_json(path, content) if cache is not None else json.loads(content)


def apply_record(document: dict, record: dict) -> None:
    for operation in record.get("ops", []):
        *parents, last = operation["path"]
        target = document
        for key in parents:
            target = target.setdefault(key, {})
        if operation["op"] == "set":
            target[last] = operation["value"]
        elif operation["op"] == "delete":
            target.pop(last, None)
