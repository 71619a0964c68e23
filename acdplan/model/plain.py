"""Model objects as plain JSON data: the one conversion documents, states and plans share.

Kept apart from `documents` so each kind's module can use it without importing the registry.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from operator import itemgetter
from typing import cast

from acdplan.model.evolve import omitted_defaults

_SCALARS = frozenset({str, int, float, bool})
_SKIPPED_FIELDS = frozenset({"name", "username", "renamed_from", "exclusive"})


def _document_fields(cls: type) -> tuple[str, ...]:
    """The fields of a model class that belong in its document."""
    return tuple(field.name for field in dataclasses.fields(cls) if field.compare and field.name not in _SKIPPED_FIELDS)


def to_document(value) -> object:
    """A model object as plain JSON data: frozensets sorted, None fields dropped, keys sorted.
    A dataclass goes through its compiled converter (a fast path: bench/README.md, "Fast paths")."""
    cls = value.__class__
    convert = _CONVERTERS.get(cls)
    if convert is not None or hasattr(value, "__dataclass_fields__"):
        return (convert or _converter(cls))(value)
    if cls is frozenset or cls is set:
        return sorted(value)
    if cls is dict:
        return {key: item if item.__class__ in _SCALARS else to_document(item)
                for key, item in sorted(value.items(), key=itemgetter(0))}
    if cls is tuple or cls is list:
        return [item if item.__class__ in _SCALARS else to_document(item) for item in value]
    return value


_CONVERTERS: dict[type, Callable[[object], dict]] = {}
# How a field's value becomes JSON, by its declared type: what `to_document` does with such a
# value, written out. A container of another class than declared takes `to_document`, as does any
# other type. Why, and the plain rule it is held to: bench/README.md, "Fast paths".
_BY_ANNOTATION = {
    **{f"{scalar}{none}": "item" for scalar in ("str", "int", "bool", "float") for none in ("", " | None")},
    "tuple[str, ...]": "list(item) if item.__class__ is tuple else to_document(item)",
    "frozenset[str]": "sorted(item) if item.__class__ is frozenset else to_document(item)",
    **{f"dict[str, {scalar}]": "{key: item[key] for key in sorted(item)} if item.__class__ is dict else to_document(item)"
       for scalar in ("str", "int", "bool")},
}


def _converter(cls: type) -> Callable[[object], dict]:
    """The converter of a model class, compiled on its first use."""
    convert = _CONVERTERS.get(cls)
    if convert is None:
        convert = _CONVERTERS[cls] = _compile_converter(cls)
    return convert


def _compile_converter(cls: type) -> Callable[[object], dict]:
    """A function that makes the document of one model class, written for its fields.

    Generated once per class, as `dataclasses` generates `__init__`. The declared types come
    from the model classes; the specs reach them through the schema, which holds them to it."""
    declared = {field.name: field.type for field in dataclasses.fields(cls)}
    omitted = omitted_defaults(cls)  # fields added later: their default stays out (model/evolve.py)
    lines = ["def convert(value):", "    result = {}"]
    for name in _document_fields(cls):
        expression = _BY_ANNOTATION.get(str(declared[name]),
                                        "item if item.__class__ in _SCALARS else to_document(item)")
        kept = f"item is not None and item != _OMITTED[{name!r}]" if name in omitted else "item is not None"
        lines += [f"    item = value.{name}", f"    if {kept}:", f"        result[{name!r}] = {expression}"]
    lines.append("    return result")
    namespace: dict = {"_SCALARS": _SCALARS, "to_document": to_document, "_OMITTED": omitted}
    exec("\n".join(lines), namespace)  # the source is made above from field names only
    return cast(Callable[[object], dict], namespace["convert"])


def object_document(value) -> dict:
    """`to_document` of one model object (a dataclass): its class's converter, called directly."""
    return _converter(value.__class__)(value)
