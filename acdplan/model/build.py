"""Build the typed, normalised model from schema-valid spec data, kind by kind."""

from __future__ import annotations

from acdplan.model.kinds import BY_SECTION, REGISTRY
from acdplan.model.lifecycle import lifecycles, removed_addresses
from acdplan.model.objects import Spec
from acdplan.model.values import WEEKDAYS, build_sla, duration_parts, parse_duration


def build_spec(data: dict) -> Spec:
    """The typed model of a merged, schema-valid spec document (each kind builds its own objects)."""
    tenant_kind = REGISTRY["tenant"]
    tenant = tenant_kind.build(tenant_kind.singleton or "", data.get(tenant_kind.section) or {}, None)
    objects = {}
    for kind in REGISTRY.values():
        if kind.singleton is not None:
            continue
        build = kind.build
        objects[kind.name] = {name: build(name, body or {}, tenant) for name, body in (data.get(kind.section) or {}).items()}
    imports = frozenset(f"{BY_SECTION[section].name}.{name}" for section, names in (data.get("import") or {}).items()
                        if section in BY_SECTION for name in names or ())
    return Spec(tenant, objects, imports, lifecycles(data), removed_addresses(data))


__all__ = ["WEEKDAYS", "build_sla", "build_spec", "duration_parts", "parse_duration"]
