"""Build the typed, normalised model from schema-valid spec data, kind by kind."""

from __future__ import annotations

from acdplan.model.kinds import BY_SECTION, REGISTRY
from acdplan.model.lifecycle import lifecycles, removed_addresses
from acdplan.model.objects import Spec
from acdplan.model.values import WEEKDAYS, build_sla, duration_parts, parse_duration


def build_spec(data: dict, reuse: dict | None = None) -> Spec:
    """The typed model of a merged, schema-valid spec document (each kind builds its own objects).

    `reuse` (the language server's, kept between validations) maps each object to the body it was
    built from: an object whose body is the very same dict, under the same tenant settings, is not
    built again (after a one-line edit, only the edited file's objects are new)."""
    tenant_kind = REGISTRY["tenant"]
    tenant = tenant_kind.build(tenant_kind.singleton or "", data.get(tenant_kind.section) or {}, None)
    if reuse is not None and reuse.get("") != tenant:
        reuse.clear()
        reuse[""] = tenant
    objects = {}
    for kind in REGISTRY.values():
        if kind.singleton is not None:
            continue
        build = kind.build
        if reuse is None:
            objects[kind.name] = {name: build(name, body or {}, tenant) for name, body in (data.get(kind.section) or {}).items()}
        else:
            objects[kind.name] = _reused(kind, data.get(kind.section) or {}, tenant, reuse)
    imports = frozenset(f"{BY_SECTION[section].name}.{name}" for section, names in (data.get("import") or {}).items()
                        if section in BY_SECTION for name in names or ())
    return Spec(tenant, objects, imports, lifecycles(data), removed_addresses(data))


def _reused(kind, section: dict, tenant, reuse: dict) -> dict:
    built = {}
    for name, body in section.items():
        known = reuse.get((kind.name, name))
        if known is None or known[0] is not body:
            known = reuse[(kind.name, name)] = (body, kind.build(name, body or {}, tenant))
        built[name] = known[1]
    return built


__all__ = ["WEEKDAYS", "build_sla", "build_spec", "duration_parts", "parse_duration"]
