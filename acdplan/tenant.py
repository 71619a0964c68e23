"""What the engine and the providers exchange about a tenant: what was read, what a step did.

Both sides import this module and neither imports the other: the planner reads a
`TenantSnapshot`, the applier gets `StepOutcome`s, providers produce both.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from acdplan.model.documents import address, split_address

Documents = Mapping[str, Mapping[str, dict]]  # a kind's mapping may keep its documents encoded (acdplan/encoded.py)


class IdsByKind(Mapping[str, str]):
    """address -> the tenant's id, kept as kind -> name -> id as a provider read them: no address
    string and no id text is made for an object whose id nobody asks for (most of a no-op plan)."""

    __slots__ = ("_kinds",)

    def __init__(self, kinds: dict[str, dict[str, object]]):
        self._kinds = kinds

    def __getitem__(self, held: str) -> str:
        kind, name = split_address(held)
        return str(self._kinds[kind][name])

    def __iter__(self) -> Iterator[str]:
        return (address(kind, name) for kind, names in self._kinds.items() for name in names)

    def __len__(self) -> int:
        return sum(map(len, self._kinds.values()))

    def __contains__(self, held: object) -> bool:
        if not isinstance(held, str):
            return False
        kind, name = split_address(held)
        return name in self._kinds.get(kind, ())


@dataclass(slots=True)
class TenantSnapshot:
    """What a provider read from the tenant, in the normalised document form of the model."""

    objects: Documents = field(default_factory=dict)  # kind -> name -> document
    ids: Mapping[str, str] = field(default_factory=dict)  # address -> the tenant's id for it
    campaigns: frozenset[str] | None = None  # None: the provider stands for a tenant that has them all
    scripts: frozenset[str] | None = None
    authorised_accounts: frozenset[tuple[str, str]] | None = None  # (channel type, account id); None: all
    unreadable: dict[str, str] = field(default_factory=dict)  # kind -> why it could not be read (403, 404)
    # address -> the ids of every tenant object with that one name, when there are several: never
    # taken over by name (the planner says which ids), issue 20.
    ambiguous: dict[str, list[str]] = field(default_factory=dict)
    # Kinds this provider never creates (a person makes them, e.g. CXone roles): an object of
    # them the specs declare is taken over, as a routing queue is (no IM001).
    made_by_hand: frozenset[str] = frozenset()

    def get(self, kind: str, name: str) -> dict | None:
        return self.objects.get(kind, {}).get(name)

    def names_of(self, kind: str) -> frozenset[str] | None:
        """Names of an unmanaged kind the tenant has (campaigns, scripts); None when unknown."""
        return {"campaign": self.campaigns, "script": self.scripts}.get(kind)


@dataclass(frozen=True, slots=True)
class StepOutcome:
    """What a step did: the tenant's id of the object it created or changed, when there is one."""

    id: str | None = None


@dataclass(slots=True)
class BatchOutcomes:
    """What a provider's batched calls did for steps that did not report it (a later call of the batch
    failed, or the apply stopped before their turn): written for sure (address -> outcome), or
    perhaps (a call whose answer was lost or contradicts itself): read back before it is recorded."""

    written: dict[str, StepOutcome] = field(default_factory=dict)
    in_doubt: set[str] = field(default_factory=set)


class StepFailed(Exception):
    """A step the tenant refused; the message says why, without secrets."""


class ProviderError(Exception):
    """The tenant could not be reached or read; the message is safe to show (no secrets)."""
