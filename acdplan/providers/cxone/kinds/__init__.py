"""The CXone side of each object kind: one module per kind, one adapter class each, found by kind.

Adapters are found in this package's modules, and read (then built) in the apply order, which
the kinds' references give (acdplan.model.kinds): an agent's skills are named through the
skills read, so skills come first because agents refer to them, not because of a line here.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from acdplan.model.kinds import MANAGED_NAMES
from acdplan.providers.cxone.kinds.base import Adapter, Context, KindRead, MappingError, NotInTenant


def _discover() -> dict[str, type[Adapter]]:
    found: dict[str, type[Adapter]] = {}
    for module_info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for _, adapter in inspect.getmembers(module, inspect.isclass):
            if issubclass(adapter, Adapter) and adapter.kind and adapter.__module__ == module.__name__:
                if adapter.kind not in MANAGED_NAMES or adapter.kind in found:
                    raise ImportError(f"{adapter.__qualname__}: no managed kind {adapter.kind!r}, or a second adapter")
                found[adapter.kind] = adapter
    return {kind: found[kind] for kind in MANAGED_NAMES if kind in found}


REGISTRY: dict[str, type[Adapter]] = _discover()

__all__ = ["REGISTRY", "Adapter", "Context", "KindRead", "MappingError", "NotInTenant"]
