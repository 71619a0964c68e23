"""Where each node of a spec came from, so any later stage can point at what the user wrote.

Positions are kept beside the data (keyed by the node's path) rather than inside it, so the
data stays plain dicts and lists that jsonschema, the model and deepdiff handle at full speed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from acdplan.diagnostics import Location

Path = tuple[str | int, ...]


# (file, line, column): plain tuples, since a large tenant has hundreds of thousands of them.
Position = tuple[str, int, int]


@dataclass(slots=True)
class SourceMap:
    """Path -> position of the mapping key (for entries) and of the value."""

    keys: dict[Path, Position] = field(default_factory=dict)
    values: dict[Path, Position] = field(default_factory=dict)

    def key(self, path: Path) -> Location | None:
        found = self.keys.get(tuple(path))
        return Location(*found) if found else None

    def update(self, other: "SourceMap") -> None:
        self.keys.update(other.keys)
        self.values.update(other.values)

    def locate(self, path: Path, prefer_value: bool = False) -> Location | None:
        """The best place to point at for `path`: its key, else its value, else the nearest ancestor."""
        path = tuple(path)
        while True:
            first, second = (self.values, self.keys) if prefer_value else (self.keys, self.values)
            found = first.get(path) or second.get(path)
            if found is not None:
                return Location(*found)
            if not path:
                return None
            path = path[:-1]
            prefer_value = False
