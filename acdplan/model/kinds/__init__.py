"""The registry of kinds: every module of this package declares one `KIND`, found here by name.

Adding a kind is adding a module (and its schema). The order of the registry is the apply order,
derived from what the kinds refer to (`Kind.refs`), never numbered by hand: a kind comes after
every kind it refers to, and every managed kind after the tenant's settings (a kind's `build`
reads them: an agent's default application); kinds of the same depth go by name. Deletions run
in reverse.
"""

from __future__ import annotations

import importlib
import pkgutil

from acdplan.model.kinds.base import HandWork, Kind, Ref, Removal, SpecPath

_NOT_KINDS = frozenset({"base", "labels"})


def _discover() -> list[Kind]:
    return [importlib.import_module(f"{__name__}.{module.name}").KIND
            for module in pkgutil.iter_modules(__path__) if module.name not in _NOT_KINDS]


def in_reference_order(kinds: list[Kind]) -> list[Kind]:
    """`kinds` ordered by depth in the graph of references (then by name); a cycle is refused at
    import, since no apply order could satisfy it."""
    by_name = {kind.name: kind for kind in kinds}
    settings = [kind.name for kind in kinds if kind.singleton is not None]
    depth: dict[str, int] = {}

    def depth_of(name: str, visiting: tuple[str, ...]) -> int:
        if name in depth:
            return depth[name]
        if name in visiting:
            raise ImportError(f"the kinds refer to each other in a cycle: {' -> '.join((*visiting, name))}")
        kind = by_name[name]
        before = {ref.target for ref in kind.refs}
        if kind.managed and kind.singleton is None:
            before.update(settings)
        depth[name] = 1 + max((depth_of(target, (*visiting, name)) for target in sorted(before)), default=-1)
        return depth[name]

    return sorted(kinds, key=lambda kind: (depth_of(kind.name, ()), kind.name))


REGISTRY: dict[str, Kind] = {kind.name: kind for kind in in_reference_order(_discover())}
ALL: tuple[Kind, ...] = tuple(REGISTRY.values())
MANAGED: tuple[Kind, ...] = tuple(kind for kind in ALL if kind.managed)  # apply order
MANAGED_NAMES: tuple[str, ...] = tuple(kind.name for kind in MANAGED)
BY_SECTION: dict[str, Kind] = {kind.section: kind for kind in ALL}
_POSITION = {kind.name: position for position, kind in enumerate(ALL)}


def kind(name: str) -> Kind:
    """The declaration of a kind; KeyError names the known kinds."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise KeyError(f"unknown kind {name!r} (known: {', '.join(REGISTRY)})") from None


def rank(name: str) -> int:
    """A kind's place in the apply order (after every known kind when unknown)."""
    return _POSITION.get(name, len(_POSITION))


__all__ = [
    "ALL",
    "BY_SECTION",
    "MANAGED",
    "MANAGED_NAMES",
    "REGISTRY",
    "HandWork",
    "Kind",
    "Ref",
    "Removal",
    "SpecPath",
    "in_reference_order",
    "kind",
    "rank",
]
