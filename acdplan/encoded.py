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


class EncodedDocuments(Mapping[str, dict]):
    """name -> document, each kept as its JSON text and decoded whenever it is read (a reader
    gets its own copy: nothing decoded is held here)."""

    __slots__ = ("damaged", "texts")

    def __init__(self, texts: dict[str, Encoded], damaged: Callable[[str], Exception] | None = None):
        self.texts = texts  # name -> the document's JSON text as read
        self.damaged = damaged  # name -> the error to raise when its text is not a JSON object

    def __getitem__(self, name: str) -> dict:
        document = _DECODER.decode(self.texts[name])
        if document.__class__ is not dict and self.damaged is not None:
            raise self.damaged(name)  # checked here, when read: a text equal to a document's is one
        return document

    def __contains__(self, name: object) -> bool:
        return name in self.texts

    def __iter__(self) -> Iterator[str]:
        return iter(self.texts)

    def __len__(self) -> int:
        return len(self.texts)

    def keys(self) -> KeysView[str]:
        return self.texts.keys()  # a dict's own view: set operations on it run in C


def plain(value: object) -> object:
    """`json.dumps`' `default`: what an encoded mapping or text stands for, as plain data."""
    if isinstance(value, msgspec.Raw):
        return _DECODER.decode(value)
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"{type(value).__name__} is not JSON data")
