"""The state document every backend reads and writes, and the operations that change it.

A state is one JSON-shaped document: lineage (which state this is), serial (which version),
`resources` (address -> the tenant's id and what acdplan last applied) and `applied_plans`.
Changes are small operations (`set` / `delete` at a path, or `replace` the whole document),
the same for the local journal, the PostgreSQL history and `state push`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from acdplan.digests import KindDigestMap
    from acdplan.encoded import Encoded
    from acdplan.state.lazy import EncodedResources

STATE_FORMAT_VERSION = 1


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class ManagedResource:
    address: str
    id: str | None
    document: dict
    applied_at: str

    def as_dict(self) -> dict:
        return {"id": self.id, "document": self.document, "applied_at": self.applied_at}


class State:
    """One version of an environment's state. Its `resources` may be kept encoded (read by
    acdplan/state/lazy.py for a plan): `document`, which writers use, decodes them into it first."""

    __slots__ = ("_document", "_encoded", "kind_digests")

    def __init__(self, document: dict, encoded: EncodedResources | None = None,
                 kind_digests: KindDigestMap | None = None):
        self._document = document
        self._encoded = encoded
        # kind -> digest of what acdplan last applied to its objects, for every kind the state
        # has (acdplan/digests.py); None when not known (the plan then compares object by object).
        self.kind_digests = kind_digests

    @property
    def document(self) -> dict:
        if self._encoded is not None:
            self._document["resources"] = dict(self._encoded.items())
            self._encoded = None
        return self._document

    @property
    def lineage(self) -> str:
        return self._document.get("lineage", "")

    @property
    def serial(self) -> int:
        return self._document.get("serial", 0)

    @property
    def resources(self) -> Mapping[str, dict]:
        if self._encoded is not None:
            return self._encoded
        return self._document.setdefault("resources", {})

    def applied_document(self, address: str) -> dict | None:
        """What acdplan last applied to `address`, or None when it does not manage it.
        (Read straight from the entry: a plan asks this once per object of the tenant.)"""
        if self._encoded is not None:
            return self._encoded.applied_document(address)
        body = self.resources.get(address)
        return None if body is None else body.get("document", {})

    @property
    def applied_texts(self) -> Mapping[str, Encoded] | None:
        """address -> the JSON text of what acdplan last applied, when the state was read
        encoded (acdplan/state/lazy.py); None otherwise."""
        return None if self._encoded is None else self._encoded.texts

    @property
    def pending(self) -> dict[str, str]:
        """Objects an apply set out to create and has not recorded yet: address -> plan id.

        An apply journals them in one record before its first step, so when it dies between a
        create and its record, the next plan knows the object in the tenant is acdplan's own."""
        return self._document.get("pending", {})

    @property
    def manual_steps(self) -> dict[str, dict]:
        """Manual steps a person was asked to do and has not confirmed: address -> {"action",
        "values" (field -> value asked for), "plan", "asked_at"} (acdplan/plan/manual_steps.py)."""
        return self._document.get("manual_steps", {})

    @property
    def confirmed(self) -> dict[str, dict]:
        """The last confirmation of each object's manual steps: address -> {"by", "at", "values"}."""
        return self._document.get("confirmed", {})

    def plan_applied(self, plan_id: str) -> str | None:
        return self._document.get("applied_plans", {}).get(plan_id)


def empty_document(environment: str) -> dict:
    return {
        "format_version": STATE_FORMAT_VERSION,
        "environment": environment,
        "lineage": "",  # given when first written: a plan made before then matches ""
        "serial": 0,
        "resources": {},
        "applied_plans": {},
    }


_NO_DOCUMENT: dict = {}


def shape_problem(document) -> str | None:
    """What makes `document` unusable as a state, or None: checked on every read and push."""
    if not isinstance(document, dict):
        return f"a state is a JSON object, not {type(document).__name__}"
    version = document.get("format_version", STATE_FORMAT_VERSION)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        return "`format_version` must be a whole number >= 1"
    if version > STATE_FORMAT_VERSION:
        return (f"`format_version` {version} was written by a newer acdplan (this one reads up to "
                f"{STATE_FORMAT_VERSION}): upgrade acdplan")
    if not isinstance(document.get("lineage", ""), str):
        return "`lineage` must be text"
    serial = document.get("serial", 0)
    if not isinstance(serial, int) or isinstance(serial, bool) or serial < 0:
        return "`serial` must be a whole number >= 0"
    resources = document.get("resources", {})
    if not isinstance(resources, dict):
        return "`resources` must be an object of addresses"
    for address, body in resources.items():  # once per managed object on every read: no {} made per entry
        if not isinstance(body, dict) or not isinstance(body.get("document", _NO_DOCUMENT), dict):
            return f"`resources.{address}` must be an object with a `document` object"
        if "." not in address:
            return f"`resources.{address}`: an address is KIND.NAME"
    if not isinstance(document.get("applied_plans", {}), dict):
        return "`applied_plans` must be an object"
    if not isinstance(document.get("pending", {}), dict):
        return "`pending` must be an object"
    for section in ("manual_steps", "confirmed"):
        entries = document.get(section, {})
        if not isinstance(entries, dict) or not all(isinstance(body, dict) for body in entries.values()):
            return f"`{section}` must be an object of addresses, each an object"
    return None


def stored_state_problem(document) -> str | None:
    """What makes a stored state (a file or row acdplan wrote) unusable: its shape, and `lineage`
    and `serial`, which every state acdplan writes has (`{}` is no state, not an empty one)."""
    if isinstance(document, dict):
        missing = [key for key in ("lineage", "serial") if key not in document]
        if missing:
            return f"{' and '.join(f'`{key}`' for key in missing)} missing: not a state acdplan wrote"
    return shape_problem(document)


def operation_problem(operation) -> str | None:
    """What makes one recorded operation unusable, or None: set/delete need a path of keys
    (set also a value), replace a whole document."""
    if not isinstance(operation, dict):
        return "an operation is not an object"
    kind = operation.get("op")
    if kind == "replace":
        return None if isinstance(operation.get("value"), dict) else "a replace without a document"
    if kind not in ("set", "delete"):
        return f"unknown operation {kind!r}"
    path = operation.get("path")
    if not isinstance(path, list) or not path or not all(isinstance(key, str) for key in path):
        return f"a {kind} without a path of keys"
    if kind == "set" and "value" not in operation:
        return "a set without a value"
    return None


def apply_operations(document: dict, operations: list[dict]) -> None:
    """Apply set/delete/replace operations in order (the journal's and the history's record form).

    ValueError when an operation is malformed or its path goes through a value that is not an
    object: a damaged record, which the caller reports (ST001)."""
    for operation in operations:
        problem = operation_problem(operation)
        if problem:
            raise ValueError(problem)
        if operation["op"] == "replace":
            document.clear()
            document.update(operation["value"])
            continue
        *parents, last = operation["path"]
        target = document
        for key in parents:
            target = target.setdefault(key, {})
            if not isinstance(target, dict):
                raise ValueError(f"the path {'.'.join(operation['path'])} goes through {key!r}, which is no object")
        if operation["op"] == "set":
            target[last] = operation["value"]
        elif operation["op"] == "delete":
            target.pop(last, None)


def replay(versions: list[dict], serial: int, environment: str) -> dict:
    """The state as it was at `serial`, rebuilt from the kept versions; LookupError when the
    history does not reach back that far (a state older than its history)."""
    document = empty_document(environment)
    known = [version for version in versions if version["serial"] <= serial]
    if not known or known[-1]["serial"] != serial:
        raise LookupError(f"version {serial} is not in the history")
    start = next((i for i in range(len(known) - 1, -1, -1)
                  if any(op["op"] == "replace" for op in known[i]["ops"])), None)
    if start is None and known[0]["serial"] != 1:
        raise LookupError(f"the history starts at version {known[0]['serial']}: version {serial} cannot be rebuilt")
    for version in known[start or 0:]:
        apply_operations(document, version["ops"])
        document["serial"] = version["serial"]
    return document
