"""The parse cache as an editor needs it: in memory first, and an unsaved buffer never on disk.

The project's disk cache (acdplan/load/cache.py) is read as the CLI reads it, so a server
started in a project the CLI already ran in parses nothing; what loading reads is also kept in
memory, so an edit re-parses the edited file alone and every other file is taken from memory.
Each keystroke makes a new text; those texts (`volatile`) stay in memory, never in the folder
(a day's typing would otherwise fill `.acdplan/cache/` with entries no run will use again).
"""

from __future__ import annotations

import os

from acdplan.load.cache import ParseCache
from acdplan.load.positions import SourceMap


class EditorParseCache(ParseCache):
    def __init__(self, directory: str | os.PathLike):
        super().__init__(directory)
        self.volatile: set[str] = set()  # keys of unsaved buffers' texts
        self._memory: dict[str, list[bytes]] = {}
        self._maps: dict[tuple[str, str], SourceMap] = {}
        self._used: set[str] = set()

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
        self.volatile &= used
        self._used = set()
