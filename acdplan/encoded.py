"""Documents kept as their JSON text until someone reads them.

A plan of a large tenant reads two big JSON files whole (the sandbox and the state) to compare
each object's document with the specs'. Most objects are unchanged, and for them the answer is
in the bytes: when the text acdplan wrote for an object equals the canonical encoding of the
document the specs make, the two are equal. Keeping each document as its text (a slice of the
file) until a reader asks for it takes a third of the memory and a third of the time of
decoding it; equal text proves equal documents, and different text only means "compare the
decoded documents", so nothing is ever concluded from a formatting difference.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, KeysView, Mapping
from typing import TYPE_CHECKING, Any

import msgspec

if TYPE_CHECKING:
    from acdplan.digests import KindDigests

Encoded = msgspec.Raw  # one JSON value's text, a slice of the buffer it was decoded from

_ENCODER = msgspec.json.Encoder(order="sorted")
_DECODER = msgspec.json.Decoder()


def encode_document(document: Any) -> Encoded:
    """The canonical text of a document: sorted keys, no spaces, UTF-8, as `canonical_json`
    writes it (the state and the sandbox are written that way, so an unchanged object's text
    equals this byte for byte)."""
    return msgspec.Raw(_ENCODER.encode(document))


def decode_document(text: Encoded) -> Any:
    return _DECODER.decode(text)


class EncodedMapping(Mapping[str, dict]):
    """A read-only mapping over a dict whose values are decoded when read: keys, length and
    membership are the dict's own (its key view's set operations run in C)."""

    __slots__ = ("source",)

    def __init__(self, source: dict):
        self.source = source

    def __contains__(self, key: object) -> bool:
        return key in self.source

    def __iter__(self) -> Iterator[str]:
        return iter(self.source)

    def __len__(self) -> int:
        return len(self.source)

    def keys(self) -> KeysView[str]:
        return self.source.keys()


class EncodedDocuments(EncodedMapping):
    """name -> document, each kept as its JSON text and decoded whenever it is read (a reader
    gets its own copy: nothing decoded is held here)."""

    __slots__ = ("damaged",)
    source: dict[str, Encoded]

    def __init__(self, texts: dict[str, Encoded], damaged: Callable[[str], Exception] | None = None):
        super().__init__(texts)
        self.damaged = damaged  # name -> the error to raise when its text is not a JSON object

    @property
    def texts(self) -> dict[str, Encoded]:
        """name -> the document's JSON text as read."""
        return self.source

    def __getitem__(self, name: str) -> dict:
        document = _DECODER.decode(self.source[name])
        if document.__class__ is not dict and self.damaged is not None:
            raise self.damaged(name)  # checked here, when read: a text equal to a document's is one
        return document

    def digest(self, digests: KindDigests) -> bytes:
        """The keyed digest of the whole kind's canonical text (acdplan/digests.py)."""
        return digests.of_texts(self.source)


class DecodedWhenRead(Mapping[str, Any]):
    """A JSON object kept as its text until something reads it (the sandbox's `ids`: a no-op
    plan never looks one up)."""

    __slots__ = ("_decoded", "_text")

    def __init__(self, text: Encoded):
        self._text = text
        self._decoded: dict | None = None

    @property
    def decoded(self) -> dict:
        if self._decoded is None:
            self._decoded = _DECODER.decode(self._text)
        return self._decoded

    def __getitem__(self, key: str) -> Any:
        return self.decoded[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.decoded.get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self.decoded

    def __iter__(self) -> Iterator[str]:
        return iter(self.decoded)

    def __len__(self) -> int:
        return len(self.decoded)


def filled(slot, owner: object, fill: Callable[[], None]) -> Any:
    """The value of a slot of `owner` that `fill` fills when it is first read."""
    try:
        return slot.__get__(owner)
    except AttributeError:
        fill()
        return slot.__get__(owner)


def is_filled(slot, owner: object) -> bool:
    """Whether that slot was filled yet (a test's view of a fast path)."""
    try:
        slot.__get__(owner)
    except AttributeError:
        return False
    return True


_SOURCE = EncodedMapping.__dict__["source"]  # the slot `SectionDocuments.source` fills when first read
_SECTION_DECODER = msgspec.json.Decoder(dict[str, Encoded])


class SectionDocuments(EncodedDocuments):
    """One kind's documents kept as the text of the whole kind, a section of the file read
    (`{name: document, ...}`): split into documents only when something reads one or asks what
    names there are. A kind told unchanged by its digest (acdplan/digests.py) never is."""

    __slots__ = ("section",)

    def __init__(self, section: Encoded, damaged: Callable[[str], Exception] | None = None):
        self.section = section
        self.damaged = damaged

    @property
    def source(self) -> dict[str, Encoded]:  # type: ignore[override]
        return filled(_SOURCE, self, lambda: _SOURCE.__set__(self, _SECTION_DECODER.decode(self.section)))

    @property
    def split(self) -> bool:
        """Whether the section was split into documents (a test's view of the fast path)."""
        return is_filled(_SOURCE, self)

    def digest(self, digests: KindDigests) -> bytes:
        return digests.of_bytes(self.section)  # what the file holds: its canonical text, when canonical


def plain(value: object) -> object:
    """`json.dumps`' `default`: what an encoded mapping or text stands for, as plain data."""
    if isinstance(value, msgspec.Raw):
        return _DECODER.decode(value)
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"{type(value).__name__} is not JSON data")
