"""The plan's first question: which kinds are unchanged as a whole, told by three digests.

A kind is unchanged, and as acdplan left it, when the digest of the specs' canonical text of
the kind equals the tenant's and the state's (acdplan/digests.py): then every object of it is,
and its changes are made without making, reading or comparing a single document. The specs'
digests come from the cache (keyed by the specs' hash); when they are not there, the planner
computes them from the texts it makes anyway and `remember` keeps them for the next plan.
Why, and what holds it to the plain comparison: bench/README.md, "Fast paths".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from acdplan.digests import KindDigestMap, KindDigests, kind_digests
from acdplan.encoded import Encoded, EncodedDocuments
from acdplan.model.kinds import MANAGED
from acdplan.state.store import State
from acdplan.tenant import TenantSnapshot


@dataclass(slots=True)
class DigestCheck:
    told: frozenset[str] = frozenset()  # kinds whose every object is unchanged and as acdplan left it
    digests: KindDigests | None = None
    entry: str | None = None  # where the specs' digests are kept
    made: KindDigestMap | None = None  # the specs' digests being made (they were not kept): kind -> digest
    state_kinds: frozenset[str] | None = field(default=None)  # the kinds the state has, when its digests are known

    def covers_the_state(self) -> bool:
        """Whether every kind the state has was told unchanged (then nothing of it is gone)."""
        return self.state_kinds is not None and self.state_kinds <= self.told

    def remember(self, kind: str, texts: Mapping[str, Encoded]) -> None:
        """The specs' canonical texts of one kind, name -> text, made by the planner."""
        if self.made is not None and self.digests is not None:
            self.made[kind] = self.digests.of_texts(texts)

    def keep(self) -> None:
        """Store the specs' digests once every managed kind's was made."""
        if (self.made is not None and self.digests is not None and self.entry is not None
                and all(kind.name in self.made for kind in MANAGED)):
            self.digests.store(self.entry, self.made)


def tell_by_digest(spec_hash: str, snapshot: TenantSnapshot, state: State) -> DigestCheck:
    """The kinds told unchanged by their digests; none without a cache, a specs' hash, or the
    state's digests (a PostgreSQL state, a state read in full)."""
    digests = kind_digests()
    if digests is None or not spec_hash:
        return DigestCheck()
    entry = digests.spec_entry(spec_hash)
    if entry is None:
        return DigestCheck()
    wanted = digests.load(entry)
    if wanted is None:
        return DigestCheck(digests=digests, entry=entry, made={})
    applied = state.kind_digests
    if applied is None:
        return DigestCheck(digests=digests, entry=entry)
    told = set()
    none = digests.of_texts({})  # a kind the state has no object of
    for kind in MANAGED:
        digest = wanted.get(kind.name)
        current = snapshot.objects.get(kind.name)
        if (digest is None or kind.name in snapshot.unreadable or applied.get(kind.name, none) != digest
                or not isinstance(current, EncodedDocuments)):
            continue
        if current.digest(digests) == digest:  # the tenant's last: it hashes the kind's text
            told.add(kind.name)
    return DigestCheck(frozenset(told), digests, entry, state_kinds=frozenset(applied))


__all__ = ["DigestCheck", "tell_by_digest"]
