"""The parse cache as an editor needs it: in memory first, and an unsaved buffer never on disk.

The project's disk cache (acdplan/load/cache.py) is read as the CLI reads it, so a server
started in a project the CLI already ran in parses nothing; what loading reads is also kept in
memory, so an edit re-parses the edited file alone and every other file is taken from memory.
Each keystroke makes a new text; those texts (`volatile`) stay in memory, never in the folder
(a day's typing would otherwise fill `.acdplan/cache/` with entries no run will use again).
"""

from __future__ import annotations

import os

from acdplan.load.cache import CachedParse, ParseCache
from acdplan.load.positions import SourceMap


class EditorParseCache(ParseCache):
    def __init__(self, directory: str | os.PathLike, *, anchor: str | os.PathLike | None = None):
        super().__init__(directory, anchor=anchor)
        self.volatile: set[str] = set()  # keys of unsaved buffers' texts
        self._memory: dict[str, list[bytes]] = {}
        self._maps: dict[tuple[str, str], SourceMap] = {}
        self._decoded: dict[tuple[str, str], CachedParse] = {}
        self._used: set[str] = set()

    def load(self, key: str, file: str) -> CachedParse | None:
        """The file's data as decoded the first time: loading merges other files into a file's
        section mappings, so each load gets its own copy of those (the objects in them are shared,
        which lets the model reuse what it built from them: acdplan/model/build.py)."""
        self._used.add(key)
        found = self._decoded.get((key, file))
        if found is None:
            found = super().load(key, file)
            if found is None:
                return None
            self._decoded[(key, file)] = found
        data = found.data
        if isinstance(data, dict):
            data = {section: dict(body) if body.__class__ is dict else body for section, body in data.items()}
        return CachedParse(data, list(found.diagnostics), found.schema_valid)

    def _parts(self, key: str, name: str | None = None) -> list[bytes] | None:
        name = name or key
        self._used.add(name)
        found = self._memory.get(name)
        if found is None:
            found = super()._parts(key, name)
            if found is not None:
                self._memory[name] = found
        return found

    def _write(self, name: str, key: str, parts: list[bytes]) -> bool:
        self._memory[name] = parts
        self._used.add(name)
        if key in self.volatile:
            self.written += 1
            return True
        return super()._write(name, key, parts)

    def source_map(self, key: str, file: str) -> SourceMap | None:
        found = self._maps.get((key, file))
        if found is None:
            found = super().source_map(key, file)
            if found is not None:
                self._maps[(key, file)] = found
        return found

    def keep_only_used(self) -> None:
        """Forget what the last load did not read (texts typed over, files deleted)."""
        used = self._used
        self._memory = {name: parts for name, parts in self._memory.items() if name in used}
        self._maps = {place: found for place, found in self._maps.items() if place[0] in used}
        self._decoded = {place: found for place, found in self._decoded.items() if place[0] in used}
        self.volatile &= used
        self._used = set()
