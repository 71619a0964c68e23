"""Kind digests: a whole kind told unchanged from three short values instead of every document.

A no-op plan asks of every object whether the specs' document, the tenant's and the one acdplan
last applied have the same canonical text (acdplan/encoded.py). Asked a kind at a time, the
question has a cheaper answer: the canonical text of the whole kind, `{name: document, ...}` with
sorted keys, is the same on the three sides exactly when every object's is. Its digest is taken
from bytes already at hand (a sandbox file's section for the kind), or kept in the cache for
what would otherwise be made again: the specs' documents, keyed by the specs' hash and the
model's code, and the state's, keyed by the state file's bytes. Equal digests prove equal texts;
a difference only sends the plan to the object-by-object comparison.

Digests are keyed with this user's cache key (acdplan/load/cache_key.py) and entries are
authenticated with it, like the parse cache's: an entry a committer planted is a miss (issue 20),
and no digest says anything of the documents to whoever reads the cache without the key. Without
a cache (`--no-cache`, no key) nothing is digested and the plan compares object by object; while
a run has sensitive values, the specs' digests are not kept (nothing made from them is cached).
The plan's use of them: acdplan/plan/told_by_digest.py (bench/README.md, "Fast paths").
"""

from __future__ import annotations

import hashlib
import hmac
import marshal
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import msgspec

from acdplan import __version__, sensitive
from acdplan.encoded import Encoded
from acdplan.load.cache import ParseCache, current_parse_cache

KindDigestMap = dict[str, bytes | None]  # kind -> digest of its canonical text; None: no digest (say why not)

_ENCODER = msgspec.json.Encoder(order="sorted")  # a mapping of texts, keys sorted, each text as it is
_FOLDER = "digests"
_EMPTY = b""


@cache
def _model_salt() -> bytes:
    """Everything besides the specs' text that a kind's canonical text depends on: the code that
    makes documents from the specs (the model, the encoding) and the versions involved."""
    here = Path(__file__).resolve().parent
    sources = hashlib.sha256()
    for path in sorted([*(here / "model").rglob("*.py"), here / "encoded.py", here / "digests.py"]):
        sources.update(path.relative_to(here).as_posix().encode() + b"\0" + path.read_bytes())
    return f"acdplan\0{__version__}\0msgspec {msgspec.__version__}\0{sources.hexdigest()}".encode()


class KindDigests:
    """Keyed digests of kinds' canonical texts, and the authenticated entries that keep them."""

    __slots__ = ("_entries", "_secret")

    def __init__(self, entries: ParseCache, secret: bytes):
        self._entries = entries
        self._secret = secret

    def of_bytes(self, data) -> bytes:
        """The keyed digest of bytes (any buffer: a section read as msgspec.Raw is one)."""
        return hmac.digest(self._secret, data, "sha256")

    def of_texts(self, texts: Mapping[str, Encoded]) -> bytes:
        """The digest of a kind given as name -> canonical text: of `{name: document}` encoded
        with sorted keys, the same bytes a canonical file holds for the kind."""
        return self.of_bytes(_ENCODER.encode(texts))

    def entry_name(self, *parts: bytes) -> str:
        """An entry's name (64 hex digits) from what it is keyed by."""
        keyed = hmac.new(self._secret, digestmod="sha256")
        for part in parts:
            keyed.update(len(part).to_bytes(8, "little"))
            keyed.update(part)
        return keyed.hexdigest()

    def load(self, name: str) -> KindDigestMap | None:
        """The digests of entry `name`, or None on a miss (absent, forged, damaged, another shape)."""
        parts = self._entries._parts(name)
        if parts is None:
            return None
        try:
            found = marshal.loads(parts[0])
        except (EOFError, ValueError, TypeError):
            return None
        if found.__class__ is not dict or not all(
                kind.__class__ is str and (digest is None or digest.__class__ is bytes) for kind, digest in found.items()):
            return None
        return found

    def store(self, name: str, digests: KindDigestMap) -> None:
        if self._entries._write(name, name, [marshal.dumps(digests), _EMPTY, _EMPTY]):
            self._entries.prune()

    def spec_entry(self, spec_hash: str) -> str | None:
        """The entry of the specs' digests: keyed by their hash (every file's path and rendered
        text) and the model's code. None while the run has sensitive values: none are kept."""
        if sensitive.marked():
            return None
        return self.entry_name(b"specs", _model_salt(), spec_hash.encode())


def kind_digests() -> KindDigests | None:
    """The digests of this run's cache (the one `use_parse_cache` set), or None without one."""
    parse_cache = current_parse_cache()
    if parse_cache is None:
        return None
    secret = parse_cache.secret
    if secret is None:
        return None
    return KindDigests(parse_cache.sibling(_FOLDER), secret)


__all__ = ["KindDigestMap", "KindDigests", "kind_digests"]
