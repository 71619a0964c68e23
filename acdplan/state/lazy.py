"""Reading a local state without decoding what acdplan applied to each object.

A plan asks the state two things per object: is it managed, and is the document acdplan last
applied equal to the tenant's? Both are answered from the file's text (acdplan/encoded.py), so
the documents stay undecoded until something reads or writes them: a state read this way takes
a third of the memory and of the time. Anything unusual in the file (a journal to replay, a
field acdplan does not write, a wrong shape) sends the caller to the ordinary full read, which
keeps every field and says what is wrong.
"""

from __future__ import annotations

import re
from typing import Any

import msgspec

from acdplan.encoded import Encoded, EncodedMapping, decode_document
from acdplan.state.document import State, stored_state_problem
from acdplan.state.journal import JournaledStore


class _Resource(msgspec.Struct, forbid_unknown_fields=True, gc=False):  # holds no containers: untracked
    """One `resources` entry as acdplan writes it (ManagedResource.as_dict), its document as text."""

    applied_at: Any = msgspec.UNSET
    document: Encoded | msgspec.UnsetType = msgspec.UNSET
    id: Any = msgspec.UNSET


_NOT_AN_OBJECT = re.compile(rb'"document":[^{]')  # one scan of the file, in C


class EncodedResources(EncodedMapping):
    """address -> the state's entry for it, decoded whenever it is read."""

    __slots__ = ("texts",)
    source: dict[str, _Resource]

    def __init__(self, entries: dict[str, _Resource], texts: dict[str, Encoded]):
        super().__init__(entries)
        self.texts = texts  # address -> the applied document's text, for the plan's one lookup per object

    def __getitem__(self, address: str) -> dict:
        entry = self.source[address]
        body = {}
        for name in _Resource.__struct_fields__:  # sorted, as canonical_json wrote them
            value = getattr(entry, name)
            if value is not msgspec.UNSET:
                body[name] = decode_document(value) if name == "document" else value
        return body

    def applied_document(self, address: str) -> dict | None:
        entry = self.source.get(address)
        if entry is None:
            return None
        return {} if entry.document is msgspec.UNSET else decode_document(entry.document)


class _StateFile(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """A state file with the fields acdplan writes, in the sorted order it writes them."""

    applied_plans: Any = msgspec.UNSET
    confirmed: Any = msgspec.UNSET
    environment: Any = msgspec.UNSET
    format_version: Any = msgspec.UNSET
    lineage: Any = msgspec.UNSET
    manual_steps: Any = msgspec.UNSET
    pending: Any = msgspec.UNSET
    resources: dict[str, _Resource] = {}
    serial: Any = msgspec.UNSET


def _decode(content: bytes) -> tuple[dict, dict[str, _Resource]]:
    """(the state without its resources, its resources): in one pass when the file has only the
    fields acdplan writes, else in two, keeping every top-level field."""
    try:
        known = msgspec.json.decode(content, type=_StateFile)
    except msgspec.ValidationError:
        top = msgspec.json.decode(content, type=dict[str, Encoded])
        entries = msgspec.json.decode(top.get("resources", b"{}"), type=dict[str, _Resource])
        return {key: ({} if key == "resources" else decode_document(value)) for key, value in top.items()}, entries
    document = {name: ({} if name == "resources" else value) for name in _StateFile.__struct_fields__
                if (value := getattr(known, name)) is not msgspec.UNSET}
    return document, known.resources


def read_encoded_state(store: JournaledStore) -> State | None:
    """The state `store` keeps with its documents kept as text, or None when the full read must
    decide (no file, a journal to replay, anything acdplan would not have written)."""
    if store.has_journal():
        return None
    try:
        content = store.path.read_bytes()
        document, entries = _decode(content)
    except (OSError, msgspec.DecodeError):
        return None
    if stored_state_problem(document) is not None or not all("." in address for address in entries):
        return None
    if _NOT_AN_OBJECT.search(content):
        return None  # a document that is not an object (or such a key elsewhere): the full read judges
    texts: dict[str, Encoded] = {address: entry.document for address, entry in entries.items()
                                 if entry.document is not msgspec.UNSET}
    return State(document, EncodedResources(entries, texts))
