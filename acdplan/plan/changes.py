"""A plan is data: a closed set of actions, changes that each say why, in apply order.

Renderers (text, JSON, markdown, runbook) and the applier read these classes; none of them
computes anything the plan does not already say.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import cast

from acdplan.diagnostics import Diagnostic
from acdplan.encoded import Encoded, EncodedDocuments, decode_document
from acdplan.model.kinds import REGISTRY
from acdplan.plan.reasons import Reason

FORMAT_VERSION = 1


class Action(str, Enum):
    CREATE = "create"
    UPDATE = "update"
    REPLACE = "replace"  # delete then create: a channel's type/account, a skill's media/direction
    DELETE = "delete"  # for skills: deactivate
    NOOP = "noop"


# Members read once (a fast path: bench/README.md, "Fast paths").
_NOOP, _DELETE, _REPLACE = Action.NOOP, Action.DELETE, Action.REPLACE


@dataclass(frozen=True, slots=True)
class AttributeChange:
    path: str  # readable: routing.preferred_agent.timeout_seconds, channels["IG Direct"]
    before: object = None
    after: object = None


@dataclass(slots=True)
class Change:
    address: str
    kind: str
    name: str
    action: Action
    before: dict | None = None
    after: dict | None = None
    attributes: Sequence[AttributeChange] = ()  # replaced, never appended to: no list per unchanged object
    depends_on: Sequence[str] = ()
    reason: str = ""  # why this action: "not in the tenant", "media changed: replace", ...
    ui_path: str = ""
    manual: bool = False  # a person must do it (F5's Facebook login); the applier stops before it
    manual_reason: str = ""
    drift: bool = False  # the tenant differs from what acdplan last applied
    adopt: bool = False  # the tenant has it but acdplan's state does not record it yet
    renamed_from: str | None = None
    tenant_id: str | None = None
    # Entries of the tenant's lists that acdplan did not make and keeps: (field, entry). `after`
    # holds them (it is what the tenant will hold); the state records `managed()`, without them.
    kept: Sequence[tuple[str, str]] = ()
    rebinds: Sequence[str] = ()  # a replace: what is bound to the old object and is bound again to the new one
    forget: bool = False  # `removed:` in the specs: the state drops it, the tenant keeps it (a NOOP that acts)
    refresh: bool = False  # a refresh-only plan: the state records the tenant's values (a NOOP that acts)
    # A manual step a person was already asked for, with these very values (the state's
    # `manual_steps`): shown once, as pending, until `acdplan confirm` records it done.
    pending: bool = False
    reason_code: Reason = Reason.NONE  # why, as one of a closed set (acdplan/plan/reasons.py); `reason` says it

    def managed(self) -> dict | None:
        """`after` without the hand-made entries it keeps: what acdplan manages of the object."""
        if not self.kept or self.after is None:
            return self.after
        return without_entries(self.after, self.kept)

    @property
    def acts(self) -> bool:
        """Whether applying the plan does anything for this change (incl. recording an adoption)."""
        return self.action is not _NOOP or self.adopt


_BEFORE, _AFTER = Change.__dict__["before"], Change.__dict__["after"]  # the slots the properties below front


def _decoded(slot):
    def read(change: Unchanged) -> dict | None:
        try:
            value = slot.__get__(change)
        except AttributeError:  # never set (kept_as leaves it): the kept text stands for it
            value = None
        if value is None and (text := change.text) is not None:  # its own text, or its kind's to look it up in
            return decode_document(text if text.__class__ is Encoded else text.texts[change.name])
        return value
    return read


class Unchanged(Change):
    """A no-op whose tenant document is kept as its JSON text (acdplan/encoded.py): most of a
    large tenant's plan. `before` and `after` are that document, decoded whenever read, until
    something sets them; to every reader it is a Change like any other."""

    __slots__ = ("text",)

    # Written straight into Change's slots (bench/README.md, "Fast paths").
    before = property(_decoded(_BEFORE), _BEFORE.__set__)
    after = property(_decoded(_AFTER), _AFTER.__set__)

    def __init__(self, *args, **kwargs):  # the dataclass signature: dataclasses.replace() makes these too
        self.text: Encoded | EncodedDocuments | None = None  # EncodedDocuments: the tenant's kind, by name
        Change.__init__(self, *args, **kwargs)

    @staticmethod
    def kept_as(change_address: str, kind: str, name: str, text: Encoded | EncodedDocuments) -> Unchanged:
        """The no-op of an object unchanged and as acdplan left it, keeping the tenant's text
        (or its kind's, to look it up in): written out below, one call per object."""
        raise NotImplementedError  # replaced by _written_out_kept_as()


def _written_out_kept_as() -> Callable[[str, str, str, Encoded | EncodedDocuments], Unchanged]:
    """`Unchanged.kept_as` as one generated function that writes every slot, each default a
    constant, as `dataclasses` generates `__init__` (bench/README.md, "Fast paths"): one call per
    unchanged object instead of a call to it and one to `Change.__init__`. `before` and `after`
    stay unset: the properties read the kept text then."""
    constants: dict[str, object] = {"_new": object.__new__, "_Unchanged": Unchanged, "_NOOP": _NOOP}
    body = ["    change = _new(_Unchanged)", "    change.text = text", "    change.address = change_address",
            "    change.kind = kind", "    change.name = name", "    change.action = _NOOP"]
    for declared in dataclasses.fields(Change):
        if declared.name in ("address", "kind", "name", "action", "before", "after"):
            continue
        assert declared.default is not dataclasses.MISSING, f"Change.{declared.name} needs a plain default"
        constants[f"_default_{declared.name}"] = declared.default
        body.append(f"    change.{declared.name} = _default_{declared.name}")
    source = "def kept_as(change_address, kind, name, text):\n" + "\n".join(body) + "\n    return change\n"
    exec(source, constants)
    return cast(Callable[[str, str, str, Encoded | EncodedDocuments], Unchanged], constants["kept_as"])


Unchanged.kept_as = staticmethod(_written_out_kept_as())  # type: ignore[method-assign,assignment]


def ui_path(change: Change) -> str:
    """Where a person does this change in CXone: the path `annotate` gave it (acting changes),
    else its kind's, made now (an unchanged object's, for `plan --format json`)."""
    if change.ui_path:
        return change.ui_path
    declared = REGISTRY.get(change.kind)
    if declared is None:
        return ""
    return declared.hand.path(change.action.value, change.name, change.after or change.before or {})


def without_entries(document: dict, entries: Sequence[tuple[str, str]]) -> dict:
    """A document with some entries of its list or mapping fields left out."""
    result = dict(document)
    for field_name, entry in entries:
        value = result.get(field_name)
        if isinstance(value, dict):
            result[field_name] = {key: item for key, item in value.items() if key != entry}
        elif isinstance(value, list):
            result[field_name] = [item for item in value if item != entry]
    return result


@dataclass(slots=True)
class Plan:
    environment: str
    provider: str
    changes: list[Change] = field(default_factory=list)  # apply order
    unmanaged: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)  # plan-time findings (RQ001, RF001, safety)
    state_fingerprint: str = ""
    state_serial: int = 0
    state_lineage: str = ""
    spec_hash: str = ""
    plan_id: str = ""
    created_at: str = ""
    format_version: int = FORMAT_VERSION
    options: dict = field(default_factory=dict)  # how it was asked for (import_existing): apply re-plans alike
    capacity: list[dict] = field(default_factory=list)  # channels whose predicted SLA the plan moves (plan/forecast.py)
    fingerprint_source: Callable[[], str] | None = field(default=None, repr=False, compare=False)

    def fingerprint(self) -> str:
        """The state fingerprint, computed on first use: hashing a large tenant costs time that
        only saved plans and JSON output need."""
        if not self.state_fingerprint and self.fingerprint_source is not None:
            self.state_fingerprint = self.fingerprint_source()
        return self.state_fingerprint

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def has_changes(self) -> bool:
        return any(change.acts for change in self.changes)

    def summary(self) -> dict[str, int]:
        counts = {"create": 0, "update": 0, "replace": 0, "delete": 0, "manual": 0, "unchanged": 0, "import": 0,
                  "pending": 0}
        forgets = refreshes = 0
        for change in self.changes:
            if change.action is _NOOP:
                counts["unchanged"] += 1
            elif change.pending:  # waits on a person already asked: its own count, never a new change
                counts["pending"] += 1
                continue
            else:
                counts[change.action.value] += 1
            if change.forget:
                forgets += 1
            elif change.refresh:
                refreshes += 1
            else:
                counts["import"] += change.adopt
            counts["manual"] += change.manual
        if forgets:  # only when there are any: the summary's keys stay as they were for every other plan
            counts["forget"] = forgets
            counts["unchanged"] -= forgets
        if refreshes:
            counts["refresh"] = refreshes
            counts["unchanged"] -= refreshes
        return counts

    def destructive(self) -> list[Change]:
        return [c for c in self.changes if c.action is _DELETE or c.action is _REPLACE]
