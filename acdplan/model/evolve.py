"""Fields added to a kind after objects of it were applied: their default stays out of documents.

A document is what plans compare and what states and sandboxes keep, written by every earlier
version of acdplan. A field given a plain default (`labels: frozenset = frozenset()`) would enter
the document of every object, and the next plan would update all of them although no spec
changed. Declared with `added(default)`, the field is left out of a document while it holds its
default, so objects that do not set it keep the very document (and canonical JSON text) they had.
docs/DOMAIN.md ("Kinds in the code") gives the rule; tests/model/test_field_added.py holds it.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

OMITTED_AT_DEFAULT = "acdplan.omitted_at_default"  # dataclass field metadata: see `added`


def added(default: Any) -> Any:
    """A dataclass field with `default`, left out of documents while it holds it. Mutable defaults
    (a dict, a list) are copied for each object, as `default_factory` would."""
    metadata = {OMITTED_AT_DEFAULT: True}
    if isinstance(default, dict | list | set):
        return dataclasses.field(default_factory=lambda: copy.copy(default), metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


def omitted_defaults(cls: type) -> dict[str, Any]:
    """Field name -> default, for the fields of `cls` declared with `added`."""
    found = {}
    for field in dataclasses.fields(cls):
        if not field.metadata.get(OMITTED_AT_DEFAULT):
            continue
        factory = field.default_factory
        found[field.name] = factory() if callable(factory) else field.default
    return found


__all__ = ["OMITTED_AT_DEFAULT", "added", "omitted_defaults"]
