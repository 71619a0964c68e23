"""Model objects as plain JSON data: the one conversion documents, states and plans share.

Kept apart from `documents` so each kind's module can use it without importing the registry.
"""

from __future__ import annotations

import dataclasses
from operator import itemgetter

_SCALARS = frozenset({str, int, float, bool})
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
