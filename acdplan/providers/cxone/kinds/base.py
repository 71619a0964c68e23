"""What every CXone object kind's adapter shares: the context of one provider, and the interface.

An adapter reads its kind from the raw lists the provider fetched, and carries out a change of
that kind (create, update, delete, replace). It also says which of its changes a person must make
(`manual_reason`), because no public API can. docs/CXONE.md lists each call with its source.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar, TypedDict

from acdplan.encoded import Encoded, encode_document
from acdplan.plan.changes import Change
from acdplan.providers.base import KindAdapter, TenantSnapshot
from acdplan.providers.coverage import Operation
from acdplan.providers.cxone.client import CxoneClient, CxoneError

# Raw lists a kind is built from: source name -> function(client) returning the items.
Sources = dict[str, Callable[[CxoneClient], list[dict]]]


class RawCache(TypedDict, total=False):
    """What one adapter keeps from the last read for another (or for its own writes)."""

    channels: dict[object, dict]  # channel id -> the channel as listed
    digital_skill_ids: set[object]  # ids of the active digital skills
    user_names: dict[str, str]  # agent id (as text) -> user name, for the token's icAgentId claim


Note = tuple[str | None, str]  # (field of the document it is about, or None; what could not be mapped)


class NotInTenant(Exception):
    """A name the step refers to has no object in the tenant."""


class MappingError(Exception):
    """A value of the model that CXone has no field or code for."""


@dataclass(slots=True)
class KindRead:
    """One kind as read: documents by name, the tenant's ids by name, notes on unmapped values.

    Each document is `finish`ed as it is kept: the adapter's (Adapter.read_of_kind) completes it
    with what no public route reads and keeps it as its canonical text, so a kind's documents are
    never all held decoded at once (20,000 agents' dicts were the read's peak)."""

    finish: Callable[[str, dict], Encoded] = field(repr=False)  # no default: every adapter takes read_of_kind()'s
    documents: dict[str, Encoded] = field(default_factory=dict)
    ids: dict[str, object] = field(default_factory=dict)
    notes: dict[str, list[Note]] = field(default_factory=dict)
    ambiguous: dict[str, list[object]] = field(default_factory=dict)  # name -> every id it names (2 or more)

    def keep(self, name: str, tenant_id, document: dict, notes: list[Note] | None = None) -> None:
        if not name:
            return
        if name in self.documents:
            self.notes.setdefault(name, []).append(
                (None, f"the tenant has several objects named {name!r}; only the first (id {self.ids[name]}) is read")
            )
            self.ambiguous.setdefault(name, [self.ids[name]]).append(tenant_id)
            return
        self.documents[name] = self.finish(name, document)
        self.ids[name] = tenant_id
        if notes:
            self.notes.setdefault(name, []).extend(notes)


class Context:
    """The provider's shared knowledge: the client, names -> ids from the last read, write-only values."""

    def __init__(self, client: CxoneClient, applied: Callable[[str], dict | None] | None = None):
        self.client = client
        self.lock = threading.RLock()
        self.ids: dict[str, dict[str, object]] = {}  # kind ("skill", "campaign", "template", ...) -> name -> id
        self.applied = applied or (lambda address: None)  # what acdplan last applied (its state)
        self.raw: RawCache = {}

    def remember(self, kind: str, name: str, tenant_id) -> None:
        with self.lock:
            self.ids.setdefault(kind, {})[name] = tenant_id

    def forget(self, kind: str, name: str) -> None:
        with self.lock:
            self.ids.get(kind, {}).pop(name, None)

    def known(self, kind: str, name: str):
        with self.lock:
            return self.ids.get(kind, {}).get(name)

    def lookup(self, kind: str, name: str | None, refresh: Callable[[], dict] | None = None):
        """The tenant's id for a name (None for None), from the last read, else `refresh()` (a read)."""
        if name is None:
            return None
        found = self.known(kind, name)
        if found is None and refresh is not None:
            fresh = refresh()
            with self.lock:
                self.ids.setdefault(kind, {}).update(fresh)
            found = fresh.get(name)
        if found is None:
            words = {
                "script": "Studio script",
                "routing_queue": "routing queue",
                "template": "message template",
                "role": "role",
                "user": "user",
            }
            raise NotInTenant(f"{words.get(kind, kind)} {name!r} does not exist in the tenant")
        return found


class Adapter(KindAdapter):
    """One object kind on the CXone side. Subclasses define `kind`, `sources`, `build` and the actions."""

    kind: str = ""
    # What the public API does for this kind (acdplan/providers/coverage.py); a step of any other
    # operation is a manual step (`manual_reason`, else the kind's UI path). Read: `sources` + `build`.
    supports: ClassVar[frozenset[Operation]] = frozenset({Operation.READ})
    # Raw lists this kind is built from (see `Sources`).
    sources: ClassVar[Sources] = {}
    # Sources whose refusal still lets the kind be read (the provider notes what is missing).
    optional_sources: ClassVar[frozenset[str]] = frozenset()
    # Why the whole kind cannot be read from the tenant, when no public API reads it.
    unreadable: ClassVar[str | None] = None
    # Fields of the document no public route reads ("a.b": a field of a mapping): the provider
    # takes them from the state (what acdplan applied or a person confirmed), never as drift.
    unread: ClassVar[tuple[str, ...]] = ()

    def __init__(self, context: Context):
        self.context = context
        self.client = context.client

    def build(self, raw: dict) -> KindRead:
        raise NotImplementedError

    def read_of_kind(self) -> KindRead:
        """Where `build` keeps what it reads: each document completed with what the state knows of
        the fields no public route reads (`unread`), then kept as its canonical text."""
        if not self.unread:
            return KindRead(finish=lambda name, document: encode_document(document))
        prefix, applied, unread = self.kind + ".", self.context.applied, self.unread
        return KindRead(finish=lambda name, document: encode_document(with_known(document, applied(prefix + name),
                                                                                 unread)))

    def create(self, change: Change):
        raise NotInTenant(f"acdplan cannot create a {self.kind} in CXone")

    def update(self, change: Change):
        raise NotInTenant(f"acdplan cannot change a {self.kind} in CXone")

    def delete(self, change: Change):
        raise NotInTenant(f"acdplan cannot delete a {self.kind} in CXone")

    def replace(self, change: Change):
        self.delete(change)
        return self.create(change)

    def manual_reason(self, change: Change, snapshot: TenantSnapshot) -> str | None:
        return None

    def prepare(self, changes: list[Change]) -> None:
        """The plan's changes of this kind, before any step runs (to batch them)."""

    def unreported(self) -> tuple[dict[str, object], set[str]]:
        """(name -> tenant id written for sure, names perhaps written) for steps that did not take
        their batch's outcome (see Provider.unreported)."""
        return {}, set()

    def unwritten(self, change: Change) -> dict[str, object]:
        """Fields this change's step does not write: field -> what a new object has (Provider.unwritten)."""
        return {}


def refused_outright(error: CxoneError) -> bool:
    """A call the tenant answered with a 4xx: nothing of it was carried out. Anything else (a 5xx,
    no answer, an answer cut short) leaves what it did unknown."""
    return error.status is not None and 400 <= error.status < 500


def reply_body(response) -> tuple[object, bool]:
    """(the JSON answer, whether it could be read): an answer cut short leaves the outcome unknown."""
    if not response.content:
        return {}, True
    try:
        return response.json(), True
    except ValueError:
        return None, False


def with_known(document: dict, known: dict | None, paths: tuple[str, ...]) -> dict:
    """`document` with the fields no public route reads taken from `known` (the state's record of
    the object); unchanged when the state has no record of it."""
    if known is None or not paths:
        return document
    result = dict(document)
    for path in paths:
        head, _, tail = path.partition(".")
        if not tail:
            if head in known:
                result[head] = known[head]
            else:
                result.pop(head, None)
        elif isinstance(result.get(head), dict):
            if isinstance(known.get(head), dict) and tail in known[head]:
                result[head] = {**result[head], tail: known[head][tail]}
            else:  # the state has no value for it: unknown, not the read's placeholder
                result[head] = {key: value for key, value in result[head].items() if key != tail}
    return result


def changed_fields(change: Change) -> set[str]:
    """Top-level fields that differ between the tenant's document and the desired one."""
    before, after = change.before or {}, change.after or {}
    return {key for key in set(before) | set(after) if before.get(key) != after.get(key)}


def values_text(document: dict, fields) -> str:
    """`field: value` pairs of a document, for a person to enter by hand."""
    import json

    parts = []
    for name in sorted(fields):
        if name in document:
            parts.append(f"{name}: {json.dumps(document[name], sort_keys=True, ensure_ascii=False)}")
        else:
            parts.append(f"{name}: (unset)")
    return "; ".join(parts)


__all__ = [
    "Adapter",
    "Context",
    "CxoneError",
    "KindRead",
    "MappingError",
    "NotInTenant",
    "Note",
    "Sources",
    "changed_fields",
    "refused_outright",
    "reply_body",
    "values_text",
    "with_known",
]
