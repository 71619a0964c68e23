"""Objects as normalised, name-keyed JSON documents: the form plans diff and states store.

A document holds everything but the object's key; sets become sorted lists and durations are
minutes, so two equal configurations give byte-identical documents. What is special about one
kind (the tenant's single object, an agent's one role) is declared by its kind's module.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from acdplan.encoded import Encoded, encode_document
from acdplan.model.kinds import MANAGED, MANAGED_NAMES, REGISTRY, Kind, rank
from acdplan.model.plain import object_document, to_document

KINDS = MANAGED_NAMES  # managed kinds, in apply order (docs/DOMAIN.md)
KIND_RANK = {kind.name: rank(kind.name) for kind in MANAGED}
SECTION_OF_KIND = {kind.name: kind.section for kind in REGISTRY.values()}
TENANT_KEY = REGISTRY["tenant"].singleton or "settings"

Documents = dict[str, dict[str, dict]]


def address(kind: str, name: str) -> str:
    return f"{kind}.{name}"


def split_address(value: str) -> tuple[str, str]:
    kind, _, name = value.partition(".")
    return kind, name


def desired_documents(spec) -> Documents:
    """Every managed object of the spec, by kind then name."""
    documents: Documents = {}
    for kind in MANAGED:
        convert = document_of(kind)
        documents[kind.name] = {name: convert(item) for name, item in objects_of(spec, kind).items()}
    return documents


def objects_of(spec, kind: Kind) -> dict:
    """A kind's model objects by name (the tenant's settings under their one name)."""
    return {kind.singleton: spec.tenant} if kind.singleton is not None else spec.of(kind.name)


def document_of(kind: Kind) -> Callable[[Any], dict]:
    """model object -> its document."""
    return kind.document or object_document


def text_of(kind: Kind) -> Callable[[Any], Encoded]:
    """model object -> the canonical JSON text of its document (what `encode_document` makes of it)."""
    if kind.text is not None:
        return kind.text
    convert = document_of(kind)
    return lambda item: encode_document(convert(item))


class _Documents(Mapping):
    """One kind's documents by name, each made when asked and not kept.

    A no-op plan compares every document once and keeps none of them: an unchanged object
    keeps the tenant's document as text (bench/README.md, "Fast paths")."""

    __slots__ = ("_convert", "_objects")

    def __init__(self, objects: dict, convert):
        self._objects, self._convert = objects, convert

    def __getitem__(self, name: str) -> dict:
        return self._convert(self._objects[name])

    def __iter__(self):
        return iter(self._objects)

    def __len__(self) -> int:
        return len(self._objects)

    def __contains__(self, name: object) -> bool:
        return name in self._objects

    def keys(self):
        return self._objects.keys()  # a dict's own view: set operations on it run in C

    def items(self):
        convert = self._convert
        return ((name, convert(item)) for name, item in self._objects.items())


def desired_views(spec) -> dict[str, Mapping[str, dict]]:
    """What desired_documents gives, each document made when read (see _Documents)."""
    return {kind.name: _Documents(objects_of(spec, kind), document_of(kind)) for kind in MANAGED}


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


__all__ = [
    "KINDS",
    "KIND_RANK",
    "SECTION_OF_KIND",
    "TENANT_KEY",
    "Documents",
    "address",
    "desired_documents",
    "rank",
    "references",
    "renamed_from",
    "split_address",
    "to_document",
]
