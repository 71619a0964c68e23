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

    def update(self, other: SourceMap) -> None:
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


def source_map_from_arrays(data, file: str, key_positions, value_positions) -> SourceMap:
    """The SourceMap of one file from its data and the flat (line, column) arrays recorded
    while building it (yaml_source, positions="arrays").

    The walk is the builder's own: depth first, a mapping's entries pushed in reverse (their
    key positions recorded at that moment), each node's value position recorded when popped.
    Plain data says whether a node was a mapping, a list or a scalar, so nothing else is stored.
    """
    result = SourceMap()
    if data is None or not value_positions:
        return result
    keys, values = result.keys, result.values
    key_index = value_index = 0
    stack: list = [(data, ())]
    pop, push = stack.pop, stack.append
    while stack:
        node, path = pop()
        values[path] = (file, value_positions[value_index], value_positions[value_index + 1])
        value_index += 2
        node_class = node.__class__
        if node_class is dict:
            for key in reversed(list(node)):
                key_path = (*path, key)
                keys[key_path] = (file, key_positions[key_index], key_positions[key_index + 1])
                key_index += 2
                push((node[key], key_path))
        elif node_class is list:
            for index in range(len(node) - 1, -1, -1):
                push((node[index], (*path, index)))
    return result


class LazySourceMap:
    """Positions of a merged spec, found on demand.

    Loading records only which file declared each section and each object; the first time a
    diagnostic asks where a path is, that one file is parsed again with positions (and kept).
    A valid 20,000-agent tenant thus never pays for a million position records.
    """

    def __init__(self):
        self.origins: dict[Path, int] = {}  # (section,) and (section, name) -> index in `files`
        self.files: list = []  # zero-argument callables returning the SourceMap of one file
        self.names: list[str | None] = []  # the file each callable maps, as diagnostics name it
        self._maps: dict[int, SourceMap] = {}

    def add_file(self, source_map_of, name: str | None = None) -> int:
        self.files.append(source_map_of)
        self.names.append(name)
        return len(self.files) - 1

    def claim(self, path: Path, file_index: int) -> None:
        self.origins.setdefault(path, file_index)

    def _file_map(self, path: Path) -> SourceMap | None:
        index = self.origins.get(tuple(path[:2]))
        if index is None:
            index = self.origins.get(tuple(path[:1]))
        if index is None:
            return None
        if index not in self._maps:
            self._maps[index] = self.files[index]()
        return self._maps[index]

    def key(self, path: Path) -> Location | None:
        found = self._file_map(path)
        return found.key(path) if found else None

    def locate(self, path: Path, prefer_value: bool = False) -> Location | None:
        found = self._file_map(path)
        return found.locate(path, prefer_value) if found else None
