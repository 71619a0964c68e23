"""Where each object is declared and where it is referred to, across the files of a project.

What refers to what is each kind's own declaration (`Kind.refs`, the walker RF001 and the
planner use), so every reference a kind declares — a channel's default skill and script, a
role's channels, an agent's role and skills, a skill's campaign, a queue's filters — is
navigable without a line here. Positions come from the loader's source maps (the parse cache's
position arrays), so nothing is parsed again to navigate.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from acdplan.load.positions import SourceMap
from acdplan.model.kinds import ALL, BY_SECTION, REGISTRY, Kind
from acdplan.validate import ValidationResult

Target = tuple[str, str]  # (kind name, object name)


@dataclass(frozen=True, slots=True)
class Place:
    """A name written in a file: the object it names, where (1-based line and column), and whether
    it is the declaration or a reference (a mapping key or a value)."""

    kind: str
    name: str
    file: str  # absolute path
    line: int
    column: int
    declaration: bool = False
    path: tuple = ()  # the spec path of the key or value


@dataclass(slots=True)
class Index:
    declarations: dict[Target, Place] = field(default_factory=dict)
    by_file: dict[str, list[Place]] = field(default_factory=dict)  # every place of a file, object by object
    sections: dict[str, list[tuple[str, int, int]]] = field(default_factory=dict)  # file -> (section, line, column)
    bodies: dict[Target, object] = field(default_factory=dict)

    def at(self, file: str, line: int, column: int, width_of) -> Place | None:
        """The place under (1-based line, 0-based character) of `file`; `width_of(place)` says
        how many characters its name takes on its line."""
        for place in self.by_file.get(file, ()):
            if place.line == line and place.column - 1 <= column <= place.column - 1 + width_of(place):
                return place
        return None

    def references(self, target: Target) -> list[Place]:
        """Every place that names `target`, other than its declaration (found when asked: a scan
        of the places is a few milliseconds, keeping them by target after each edit is not)."""
        kind, name = target
        return [place for places in self.by_file.values() for place in places
                if place.name == name and place.kind == kind and not place.declaration]

    def names(self, kind: str) -> list[str]:
        return [name for (of_kind, name) in self.declarations if of_kind == kind]


def build_index(result: ValidationResult, reuse: dict | None = None) -> Index:
    """The index of a validated project (sound or not: whatever was loaded is indexed).

    `reuse` keeps each object's places between builds: an object whose body and file positions
    are the very objects of the last build (the parse cache hands out the same ones for a file
    that did not change) is not walked again."""
    reuse = reuse if reuse is not None else {}
    loaded = result.loaded
    sources = loaded.sources
    maps: dict[int, SourceMap] = {}
    files: dict[int, tuple[SourceMap | None, str | None]] = {}

    def file_map(path: tuple) -> tuple[SourceMap | None, str | None]:
        index_of = sources.origins.get(path[:2], sources.origins.get(path[:1]))
        if index_of is None:
            return None, None
        found = files.get(index_of)
        if found is None:
            if index_of not in maps:
                maps[index_of] = sources.files[index_of]()
            name = sources.names[index_of] if index_of < len(sources.names) else None
            found = files[index_of] = (maps[index_of], os.path.abspath(name) if name else None)
        return found

    index = Index()
    for section, body in loaded.data.items():
        kind = BY_SECTION.get(section)
        if kind is None or kind.singleton is not None or not isinstance(body, dict):
            continue
        for name, document in body.items():
            _add_object(index, kind, str(name), document, file_map, reuse)
    for file_index in range(len(sources.files)):  # every file's sections, for its outline
        name = sources.names[file_index] if file_index < len(sources.names) else None
        if name is None:
            continue
        if file_index not in maps:
            maps[file_index] = sources.files[file_index]()
        file = os.path.abspath(name)
        known = reuse.get(("", file))
        if known is None or known[0] is not maps[file_index]:
            known = reuse[("", file)] = (maps[file_index], [
                (key[0], where[1], where[2]) for key, where in maps[file_index].keys.items()
                if len(key) == 1 and isinstance(key[0], str)])
        index.sections[file] = known[1]
    for gone in [path for path, known in reuse.items()
                 if path[0] and known[0] is not index.bodies.get((BY_SECTION[path[0]].name, path[1]))]:
        del reuse[gone]  # objects renamed or removed since the last build
    return index


def _add_object(index: Index, kind: Kind, name: str, document, file_map, reuse: dict) -> None:
    path = (kind.section, name)
    source_map, file = file_map(path)
    if source_map is None or file is None:
        return
    known = reuse.get(path)
    if known is None or known[0] is not document or known[1] is not source_map:
        known = reuse[path] = (document, source_map, _places(kind, name, document, source_map, file))
    index.bodies[(kind.name, name)] = document
    places = known[2]
    if not places:
        return
    index.by_file.setdefault(file, []).extend(places)
    if places[0].declaration:
        index.declarations[(kind.name, name)] = places[0]


def _places(kind: Kind, name: str, document, source_map: SourceMap, file: str) -> list[Place]:
    path = (kind.section, name)
    places = []
    where = source_map.keys.get(path)
    if where:
        places.append(Place(kind.name, name, file, where[1], where[2], declaration=True, path=path))
    if not isinstance(document, dict):
        return places
    for ref in kind.refs:
        for inner, target in ref.names(document):
            full = (*path, *inner)
            where = source_map.keys.get(full) if ref.keys else source_map.values.get(full)
            if where:
                places.append(Place(ref.target, target, file, where[1], where[2], path=full))
    return places


def label(kind: str) -> str:
    found = REGISTRY.get(kind)
    return (found.label or kind) if found else kind


__all__ = ["ALL", "Index", "Place", "Target", "build_index", "label"]
