"""Reading a local state without decoding what acdplan applied to each object.

A plan asks the state two things per object: is it managed, and is the document acdplan last
applied equal to the tenant's? Both are answered from the file's text (acdplan/encoded.py), so
the documents stay undecoded until something reads or writes them: a state read this way takes
a third of the memory and of the time. Anything unusual in the file (a journal to replay, a
field acdplan does not write, a wrong shape) sends the caller to the ordinary full read, which
keeps every field and says what is wrong.

With a cache, the kinds' digests of what the state records (acdplan/digests.py) are kept in an
entry keyed by the file's bytes; when the next plan finds these very bytes, it keeps the whole
`resources` section as one text (SectionResources), split only if something reads an entry.
"""

from __future__ import annotations

import contextlib
import re
from functools import cache
from pathlib import Path
from typing import Any

import msgspec

from acdplan import __version__
from acdplan.digests import KindDigestMap, KindDigests, kind_digests
from acdplan.encoded import Encoded, EncodedMapping, decode_document, filled, is_filled
from acdplan.model.documents import split_address
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


_SOURCE = EncodedMapping.__dict__["source"]  # the slots SectionResources fills when first read
_TEXTS = EncodedResources.__dict__["texts"]
_ENTRIES = msgspec.json.Decoder(dict[str, _Resource])


def _texts_of(entries: dict[str, _Resource]) -> dict[str, Encoded]:
    return {address: entry.document for address, entry in entries.items() if entry.document is not msgspec.UNSET}


class SectionResources(EncodedResources):
    """The state's `resources` kept as the text of the whole section, split into entries only
    when something reads one: a plan whose kinds are all told unchanged by their digests
    (acdplan/digests.py) never does. Only made for a file whose entries were already checked
    (its digests' entry is keyed by its bytes)."""

    __slots__ = ("section",)

    def __init__(self, section: Encoded):
        self.section = section

    def _split(self) -> None:
        entries = _ENTRIES.decode(self.section)
        _SOURCE.__set__(self, entries)
        _TEXTS.__set__(self, _texts_of(entries))

    @property
    def source(self) -> dict[str, _Resource]:  # type: ignore[override]
        return filled(_SOURCE, self, self._split)

    @property
    def texts(self) -> dict[str, Encoded]:  # type: ignore[override]
        return filled(_TEXTS, self, self._split)

    @property
    def split(self) -> bool:
        """Whether the section was split into entries (a test's view of the fast path)."""
        return is_filled(_SOURCE, self)


class _StateTop(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """The fields of a state file besides its resources, as acdplan writes them."""

    applied_plans: Any = msgspec.UNSET
    confirmed: Any = msgspec.UNSET
    environment: Any = msgspec.UNSET
    format_version: Any = msgspec.UNSET
    lineage: Any = msgspec.UNSET
    manual_steps: Any = msgspec.UNSET
    pending: Any = msgspec.UNSET
    serial: Any = msgspec.UNSET


class _StateFile(_StateTop):
    """A state file with the fields acdplan writes."""

    resources: dict[str, _Resource] = {}


class _StateSections(_StateTop):
    """A state file already checked, its resources kept as one text (SectionResources)."""

    resources: Encoded = msgspec.Raw(b"{}")


_FIELDS = sorted(_StateFile.__struct_fields__)  # the order acdplan writes them in (sorted keys)


def _top(read: _StateTop) -> dict:
    """The state document without its resources (an empty object in their place)."""
    return {name: ({} if name == "resources" else value) for name in _FIELDS
            if (value := getattr(read, name)) is not msgspec.UNSET}


def _decode(content: bytes) -> tuple[dict, dict[str, _Resource]]:
    """(the state without its resources, its resources): in one pass when the file has only the
    fields acdplan writes, else in two, keeping every top-level field."""
    try:
        known = msgspec.json.decode(content, type=_StateFile)
    except msgspec.ValidationError:
        top = msgspec.json.decode(content, type=dict[str, Encoded])
        entries = msgspec.json.decode(top.get("resources", b"{}"), type=dict[str, _Resource])
        return {key: ({} if key == "resources" else decode_document(value)) for key, value in top.items()}, entries
    return _top(known), known.resources


@cache
def _checks() -> bytes:
    """What judging a state file depends on besides its bytes: a digests' entry made by another
    acdplan (or other checks) is not the entry of these bytes."""
    here = Path(__file__).resolve().parent
    return b"\0".join([__version__.encode(), *((here / name).read_bytes() for name in ("document.py", "lazy.py"))])


def read_encoded_state(store: JournaledStore) -> State | None:
    """The state `store` keeps with its documents kept as text, or None when the full read must
    decide (no file, a journal to replay, anything acdplan would not have written)."""
    if store.has_journal():
        return None
    try:
        content = store.path.read_bytes()
    except OSError:
        return None
    digests = kind_digests()
    entry = digests.entry_name(b"state", _checks(), content) if digests is not None else ""
    known = digests.load(entry) if digests is not None else None
    if known is not None:  # these very bytes were read and checked before: their kinds' digests are known
        with contextlib.suppress(msgspec.DecodeError):  # a field acdplan does not write: read in full below
            sections = msgspec.json.decode(content, type=_StateSections)
            return State(_top(sections), SectionResources(sections.resources), known)
    try:
        document, entries = _decode(content)
    except msgspec.DecodeError:
        return None
    if stored_state_problem(document) is not None or not all("." in address for address in entries):
        return None
    if _NOT_AN_OBJECT.search(content):
        return None  # a document that is not an object (or such a key elsewhere): the full read judges
    texts = _texts_of(entries)
    if digests is None:
        return State(document, EncodedResources(entries, texts))
    by_kind = _kind_digests(entries, digests)
    digests.store(entry, by_kind)
    return State(document, EncodedResources(entries, texts), by_kind)


def _kind_digests(entries: dict[str, _Resource], digests: KindDigests) -> KindDigestMap:
    """kind -> the digest of what acdplan last applied to its objects ({name: document}), for
    every kind the state has; None for a kind with an entry that has no document."""
    kinds: dict[str, dict[str, Encoded]] = {}
    incomplete = set()
    for address, resource in entries.items():
        kind, name = split_address(address)
        texts = kinds.setdefault(kind, {})
        if resource.document is msgspec.UNSET:
            incomplete.add(kind)
        else:
            texts[name] = resource.document
    return {kind: None if kind in incomplete else digests.of_texts(texts) for kind, texts in kinds.items()}
