"""The registry of kinds: every module of this package declares one `KIND`, found here by name.

Adding a kind is adding a module (and its schema); the order of `MANAGED` is the apply order.
"""

from __future__ import annotations

import importlib
import pkgutil

from acdplan.model.kinds.base import HandWork, Kind, Ref, Removal, SpecPath

_NOT_KINDS = frozenset({"base", "labels"})


def _discover() -> dict[str, Kind]:
    found = []
    for module in pkgutil.iter_modules(__path__):
        if module.name in _NOT_KINDS:
            continue
        found.append(importlib.import_module(f"{__name__}.{module.name}").KIND)
    found.sort(key=lambda kind: kind.rank)
    return {kind.name: kind for kind in found}


REGISTRY: dict[str, Kind] = _discover()
ALL: tuple[Kind, ...] = tuple(REGISTRY.values())
MANAGED: tuple[Kind, ...] = tuple(kind for kind in ALL if kind.managed)  # apply order
MANAGED_NAMES: tuple[str, ...] = tuple(kind.name for kind in MANAGED)
BY_SECTION: dict[str, Kind] = {kind.section: kind for kind in ALL}


def kind(name: str) -> Kind:
    """The declaration of a kind; KeyError names the known kinds."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise KeyError(f"unknown kind {name!r} (known: {', '.join(REGISTRY)})") from None


def rank(name: str) -> int:
    found = REGISTRY.get(name)
    return found.rank if found is not None else 99


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
    "kind",
    "rank",
]
