"""Objects as normalised, name-keyed JSON documents: the form plans diff and states store.

A document holds everything but the object's key; sets become sorted lists and durations are
minutes, so two equal configurations give byte-identical documents. What is special about one
kind (the tenant's single object, an agent's one role) is declared by its kind's module.
"""

from __future__ import annotations

import dataclasses
from operator import itemgetter

from acdplan.model.kinds import MANAGED, MANAGED_NAMES, REGISTRY, rank

_SCALARS = frozenset({str, int, float, bool})
KINDS = MANAGED_NAMES  # managed kinds, in apply order (docs/DOMAIN.md)
KIND_RANK = {kind.name: kind.rank for kind in MANAGED}
SECTION_OF_KIND = {kind.name: kind.section for kind in REGISTRY.values()}
TENANT_KEY = REGISTRY["tenant"].singleton or "settings"

Documents = dict[str, dict[str, dict]]


def address(kind: str, name: str) -> str:
    return f"{kind}.{name}"


def split_address(value: str) -> tuple[str, str]:
    kind, _, name = value.partition(".")
    return kind, name


_SKIPPED_FIELDS = frozenset({"name", "username", "renamed_from", "exclusive"})
_DOCUMENT_FIELDS: dict[type, tuple[str, ...]] = {}
def _document_fields(cls: type) -> tuple[str, ...]:
    """The fields of a model class that belong in its document (computed once a class)."""
    names = _DOCUMENT_FIELDS.get(cls)
    if names is None:
        names = _DOCUMENT_FIELDS[cls] = tuple(
            field.name for field in dataclasses.fields(cls) if field.compare and field.name not in _SKIPPED_FIELDS
        )
    return names


def to_document(value) -> object:
    """A model object as plain JSON data: frozensets sorted, None fields dropped, keys sorted.

    Dispatches on the exact class and skips the call for scalars: it runs once per object of
    a 20,000-agent tenant on every plan."""
    cls = value.__class__
    fields = _DOCUMENT_FIELDS.get(cls)
    if fields is None and hasattr(value, "__dataclass_fields__"):
        fields = _document_fields(cls)
    if fields is not None:
        result = {}
        for name in fields:
            item = getattr(value, name)
            if item is None:
                continue
            result[name] = item if item.__class__ in _SCALARS else to_document(item)
        return result
    if cls is frozenset or cls is set:
        return sorted(value)
    if cls is dict:
        return {key: item if item.__class__ in _SCALARS else to_document(item)
                for key, item in sorted(value.items(), key=itemgetter(0))}
    if cls is tuple or cls is list:
        return [item if item.__class__ in _SCALARS else to_document(item) for item in value]
    return value


def desired_documents(spec) -> Documents:
    """Every managed object of the spec, by kind then name."""
    documents: Documents = {}
    for kind in MANAGED:
        convert = kind.document or to_document
        if kind.singleton is not None:
            documents[kind.name] = {kind.singleton: convert(spec.tenant)}
        else:
            documents[kind.name] = {name: convert(item) for name, item in spec.of(kind.name).items()}
    return documents


def renamed_from(spec) -> dict[str, str]:
    """address of the new name -> the old name it keeps the identity of (any kind with `renamed_from`)."""
    renames = {}
    for kind in MANAGED:
        if kind.singleton is not None or not kind.renamable:
            continue
        for name, item in spec.of(kind.name).items():
            if item.renamed_from:
                renames[address(kind.name, name)] = item.renamed_from
    return renames


def references(kind: str, document: dict) -> list[str]:
    """Addresses a document refers to: what must exist before it, and may not go before it goes."""
    declared = REGISTRY.get(kind)
    if declared is None or not declared.refs:
        return []
    return [address(target, name) for _, target, name in declared.references(document)]


__all__ = ["Documents", "KINDS", "KIND_RANK", "SECTION_OF_KIND", "TENANT_KEY", "address", "desired_documents",
           "rank", "references", "renamed_from", "split_address", "to_document"]
