"""Terraform's lifecycle tools, per object of the specs: `lifecycle: {prevent_destroy, ignore_changes}`
on an object, and the top-level `removed:` list of addresses acdplan stops managing.

They are read from the merged spec document, not from each kind's model class: they say how to
plan an object, not what the object is, so no document (and no tenant) ever holds them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from acdplan.model.kinds import MANAGED

# Fields of a spec object that are about acdplan, never in its document: not ignorable.
META_FIELDS = frozenset({"renamed_from", "exclusive", "lifecycle"})


@dataclass(frozen=True, slots=True)
class Lifecycle:
    prevent_destroy: bool = False
    ignore_changes: tuple[str, ...] = ()  # dotted field paths of the object's document


def lifecycles(data: dict) -> dict[str, Lifecycle]:
    """address -> the object's `lifecycle:`, for the objects that have one."""
    found: dict[str, Lifecycle] = {}
    for kind in MANAGED:
        section = data.get(kind.section) or {}
        bodies = {kind.singleton: section} if kind.singleton is not None else section
        for name, body in bodies.items():
            written = body.get("lifecycle") if isinstance(body, dict) else None
            if isinstance(written, dict):
                found[f"{kind.name}.{name}"] = Lifecycle(bool(written.get("prevent_destroy")),
                                                         tuple(written.get("ignore_changes") or ()))
    return found


def removed_addresses(data: dict) -> tuple[str, ...]:
    """The `removed:` list as written (order kept, for diagnostics at their index)."""
    return tuple(str(item) for item in data.get("removed") or ())


@cache
def _schema(file_name: str) -> dict:
    return json.loads(resources.files("acdplan.schema").joinpath(file_name).read_text(encoding="utf-8"))


def ignorable_fields(kind_name: str) -> frozenset[str]:
    """The top-level fields `ignore_changes` may name for a kind: its schema's, less acdplan's own."""
    return frozenset(_schema(f"{kind_name}.schema.json").get("properties", {})) - META_FIELDS


def unknown_field(kind_name: str, dotted: str) -> tuple[str, list[str]] | None:
    """The first part of a dotted field path the kind's schema does not have, with the names it
    has there; None when the path is a field (a mapping's keys, e.g. an agent's skills, are any name)."""
    node: dict = {"properties": {name: {} for name in ignorable_fields(kind_name)}}
    node["properties"].update({k: v for k, v in _schema(f"{kind_name}.schema.json")["properties"].items()
                               if k in node["properties"]})
    for part in dotted.split("."):
        while "$ref" in node:
            node = _schema(node["$ref"])
        properties = node.get("properties")
        if isinstance(properties, dict) and part in properties:
            node = properties[part]
        elif isinstance(node.get("additionalProperties"), dict):
            node = node["additionalProperties"]
        elif isinstance(properties, dict):
            return part, sorted(properties)
        else:
            return None  # a value the schema does not describe further (a choice of forms): not judged
    return None


_MISSING = object()


def _get(document: dict, parts: list[str]):
    value: object = document
    for part in parts:
        if not isinstance(value, dict) or part not in value:
            return _MISSING
        value = value[part]
    return value


def _set(document: dict, parts: list[str], value) -> dict:
    """A copy of `document` with the value at `parts` set (or left out, for _MISSING)."""
    head, rest = parts[0], parts[1:]
    result = dict(document)
    if not rest:
        if value is _MISSING:
            result.pop(head, None)
        else:
            result[head] = value
        return result
    inner = result.get(head)
    if not isinstance(inner, dict):
        if value is _MISSING:
            return result
        inner = {}
    result[head] = _set(inner, rest, value)
    return result


def ignoring(desired: dict, tenant: dict, fields: tuple[str, ...]) -> dict:
    """The desired document with each ignored field as the tenant holds it: never planned."""
    for dotted in fields:
        parts = dotted.split(".")
        if _get(desired, parts) != _get(tenant, parts):
            desired = _set(desired, parts, _get(tenant, parts))
    return desired


__all__ = ["Lifecycle", "ignorable_fields", "ignoring", "lifecycles", "removed_addresses", "unknown_field"]
