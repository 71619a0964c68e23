"""The plain conversion of model objects to documents, for tests only (never imported by the engine).

`acdplan.model.plain` compiles one converter per class for speed (bench/README.md, "Fast paths");
this is the rule it follows, written as the rule: a dataclass is its compared fields but the key
ones, in declaration order, None left out; sets are sorted lists; mappings are sorted by key;
tuples and lists are lists. tests/model/test_plain_reference.py holds the fast one to it.
"""

from __future__ import annotations

import dataclasses

from acdplan.model.plain import _SKIPPED_FIELDS


def reference_document(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        document = {}
        for field in dataclasses.fields(value):
            item = getattr(value, field.name)
            if field.compare and field.name not in _SKIPPED_FIELDS and item is not None:
                document[field.name] = reference_document(item)
        return document
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if isinstance(value, dict):
        return {key: reference_document(value[key]) for key in sorted(value)}
    if isinstance(value, (tuple, list)):
        return [reference_document(item) for item in value]
    return value


__all__ = ["reference_document"]
