"""What a kind of object declares about itself, so no other module needs an `if kind == ...`.

A kind (octoDNS's record types are the model) is one module under `acdplan.model.kinds`: its
spec section, its model class (whose field defaults are the only defaults), how it builds from
spec data, what it refers to, which fields force a replacement, how it goes away, and the
words and paths a person needs to do it by hand. The planner, the ordering, the reference
rules, export and the runbook read these declarations.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from acdplan.encoded import Encoded

SpecPath = tuple[str | int, ...]


class Removal(str, Enum):
    """What happens to a managed object that leaves the specs (docs/DOMAIN.md, plan semantics)."""

    DELETE = "delete"
    DEACTIVATE = "deactivate"  # ACD skills are deactivated, never removed (F13)
    NEVER = "never"  # tenant settings, routing queues (F14): acdplan lets go, the tenant keeps them


@dataclass(frozen=True, slots=True)
class Ref:
    """One field of a kind's documents that names objects of another kind.

    `path` walks the document: a field name, or `*` for every value of a mapping. `keys` takes
    the mapping's keys as the names (a role's channels); otherwise the value is a name or a
    list of names. Documents and spec data share field names, so one walker serves both the
    reference rule (RF001, at the spec path) and the planner's dependency graph.
    """

    path: tuple[str, ...]
    target: str
    keys: bool = False

    def names(self, document: dict) -> list[tuple[SpecPath, str]]:
        """(path inside the object, name) for each name this field holds."""
        found: list[tuple[SpecPath, str]] = []
        _walk(document, self.path, (), self.keys, found)
        return found

    def missing(self, document: dict, declared) -> Sequence[tuple[SpecPath, str]]:
        """The names of `names()` that are not in `declared`: the reference rule's question, asked
        of every object of a large tenant, so a one-field path is answered without walking (and
        a list, not a generator: the answer is almost always "none")."""
        if len(self.path) == 1:
            value = document.get(self.path[0])
            if value is None or (isinstance(value, str) and value in declared):
                return ()
            if not isinstance(value, str) and all(map(declared.__contains__, value)):
                return ()  # lists and mappings: every name declared (the common case)
        return [(path, name) for path, name in self.names(document) if name not in declared]

    def without(self, document: dict, name: str) -> dict:
        """The document with `name` no longer referred to by this field (a copy where it changes)."""
        return _drop(document, self.path, name, self.keys)


def _drop(value: Any, path: tuple[str, ...], name: str, keys: bool) -> Any:
    if not path:
        if keys and isinstance(value, dict):
            return {key: item for key, item in value.items() if key != name}
        if isinstance(value, list):
            return [item for item in value if item != name]
        return None if value == name else value
    if not isinstance(value, dict):
        return value
    head, rest = path[0], path[1:]
    if head == "*":
        return {key: _drop(item, rest, name, keys) for key, item in value.items()}
    if head not in value:
        return value
    dropped = _drop(value[head], rest, name, keys)
    if dropped is None:
        return {key: item for key, item in value.items() if key != head}
    return {**value, head: dropped}


def _walk(value: Any, path: tuple[str, ...], at: SpecPath, keys: bool, found: list) -> None:
    """Collect into `found` (plain calls, not nested generators: why, bench/README.md "Fast paths")."""
    if path:
        if not isinstance(value, dict):
            return
        head, rest = path[0], path[1:]
        if head == "*":
            for key, item in value.items():
                _walk(item, rest, (*at, key), keys, found)
        elif head in value:
            _walk(value[head], rest, (*at, head), keys, found)
        return
    if keys and isinstance(value, dict):
        found.extend(((*at, key), key) for key in value)
    elif isinstance(value, list | tuple):
        found.extend(((*at, index), item) for index, item in enumerate(value) if isinstance(item, str))
    elif isinstance(value, str) and value:
        found.append((at, value))


@dataclass(frozen=True, slots=True)
class HandWork:
    """Where and how a person does each action in CXone, in the guide's words (docs/DOMAIN.md).

    Paths are templates over `{name}` and whatever `fill` derives from the document (a
    channel's type label); `steps` gives the checklist lines of an action for the runbook.
    """

    create: str = ""
    update: str = ""
    delete: str = ""
    fill: Callable[[dict], dict[str, str]] | None = None
    steps: Callable[[str, str, dict], list[str]] | None = None  # (action, name, document) -> lines

    def path(self, action: str, name: str, document: dict) -> str:
        template = {"create": self.create, "replace": self.create, "delete": self.delete}.get(action, self.update)
        return template.format(name=name, **(self.fill(document) if self.fill else {}))


@dataclass(frozen=True, slots=True)
class Kind:
    """The declaration of one kind of object; see the module docstring."""

    name: str  # addresses are "<name>.<object name>"
    section: str  # the spec's top-level key
    model: type
    build: Callable[[str, dict, Any], Any]  # (name, spec data, the built tenant settings) -> model object
    refs: tuple[Ref, ...] = ()
    replace_fields: tuple[str, ...] = ()  # a change of any of these deletes and creates again (F4, F17)
    removal: Removal = Removal.DELETE
    creatable: bool = True  # routing queues cannot be created (F14): RQ001 at plan time
    managed: bool = True  # campaigns and scripts are only referenced: never planned
    singleton: str | None = None  # the tenant's settings are one object under this name
    document: Callable[[Any], dict] | None = None  # model object -> document; None: the generic form
    # model object -> its document's canonical JSON text (acdplan/encoded.py), made without the
    # document where that is faster; None: the document, encoded. A plan compares texts first.
    text: Callable[[Any], Encoded] | None = None
    export: Callable[[dict, dict], dict] | None = None  # (document, export context) -> spec data
    hand: HandWork = field(default_factory=HandWork)
    label: str = ""  # how messages name one of these ("skill", "Studio script", "user")
    missing_in_tenant: str = ""  # unmanaged kinds: what to do when the tenant lacks a named one
    missing_fact: str | None = None
    not_creatable: str = ""  # the RQ001 message tail for kinds that cannot be created
    # List or mapping fields that may hold entries made by hand (an agent's voice skill): acdplan
    # keeps the entries it did not make, unless the object's spec lists the field as `exclusive`.
    open_lists: tuple[str, ...] = ()
    # Optional fields a spec may leave out: then acdplan does not manage them, and the tenant's
    # value (its default, or one set by hand) is neither compared nor written, as Terraform's
    # optional+computed attributes (a skill's service level: CXone gives every skill one, 90/30).
    unmanaged_when_omitted: tuple[str, ...] = ()

    @property
    def renamable(self) -> bool:
        return any(f.name == "renamed_from" for f in dataclasses.fields(self.model))

    def references(self, document: dict) -> Iterator[tuple[SpecPath, str, str]]:
        """(path inside the object, target kind, target name) for every name it refers to."""
        for ref in self.refs:
            for path, name in ref.names(document):
                yield path, ref.target, name
