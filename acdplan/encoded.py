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
from typing import Any

import msgspec

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


def plain(value: object) -> object:
    """`json.dumps`' `default`: what an encoded mapping or text stands for, as plain data."""
    if isinstance(value, msgspec.Raw):
        return _DECODER.decode(value)
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"{type(value).__name__} is not JSON data")
