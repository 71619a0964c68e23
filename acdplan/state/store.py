"""The state of one environment: which objects acdplan manages, their ids, and what was applied.

Only objects recorded here are ever deleted; the document recorded for each is what acdplan
last applied, so a plan can tell drift (changed outside acdplan) from a change in the specs.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from acdplan.state.journal import JournaledStore

STATE_FORMAT_VERSION = 1


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class ManagedResource:
    address: str
    id: str | None
    document: dict
    applied_at: str

    def as_dict(self) -> dict:
        return {"id": self.id, "document": self.document, "applied_at": self.applied_at}


@dataclass(slots=True)
class State:
    document: dict

    @property
    def lineage(self) -> str:
        return self.document["lineage"]

    @property
    def serial(self) -> int:
        return self.document.get("serial", 0)

    @property
    def resources(self) -> dict[str, dict]:
        return self.document.setdefault("resources", {})

    def applied_document(self, address: str) -> dict | None:
        """What acdplan last applied to `address`, or None when it does not manage it.
        (Read straight from the entry: a plan asks this once per object of the tenant.)"""
        body = self.resources.get(address)
        return None if body is None else body.get("document", {})

    @property
    def pending(self) -> dict[str, str]:
        """Objects an apply set out to create and has not recorded yet: address -> plan id.

        An apply journals them in one record before its first step, so when it dies between a
        create and its record, or when a person makes the object for a manual step, the next plan
        knows the object in the tenant is acdplan's own."""
        return self.document.get("pending", {})

    def plan_applied(self, plan_id: str) -> str | None:
        return self.document.get("applied_plans", {}).get(plan_id)


class StateStore:
    """`<directory>/<environment>.json` (+ `.journal`, `.backup`, `.lock`)."""

    def __init__(self, directory: Path, environment: str, fsync: bool = True):
        self.directory = Path(directory)
        self.environment = environment
        self.store = JournaledStore(self.directory / f"{environment}.json", fsync=fsync)
        self.lock_path = self.directory / f"{environment}.lock"

    def read(self) -> State:
        return State(self.store.load(self._empty))

    def _empty(self) -> dict:
        return {
            "format_version": STATE_FORMAT_VERSION,
            "environment": self.environment,
            "lineage": "",  # given when first written: a plan made before then matches ""
            "serial": 0,
            "resources": {},
            "applied_plans": {},
        }

    def _ensure_written(self, state: State) -> None:
        if not self.store.exists():
            state.document["lineage"] = state.document.get("lineage") or str(uuid.uuid4())
            self.store.compact(state.document)

    def record(self, state: State, address: str, resource: ManagedResource | None) -> int:
        """Journal one applied step: the object is now managed as `resource`, or forgotten (None)."""
        self._ensure_written(state)
        if resource is None:
            operation = {"op": "delete", "path": ["resources", address]}
        else:
            operation = {"op": "set", "path": ["resources", address], "value": resource.as_dict()}
        return self.store.append(state.document, [operation])

    def record_ops(self, state: State, operations: list[dict]) -> int:
        """Journal several operations as one record: all of them happened, or none is recorded."""
        self._ensure_written(state)
        return self.store.append(state.document, operations)

    def record_plan_applied(self, state: State, plan_id: str) -> int:
        self._ensure_written(state)
        return self.store.append(state.document, [{"op": "set", "path": ["applied_plans", plan_id], "value": now()}])

    def compact(self, state: State) -> None:
        self.store.compact(state.document)

    def close(self) -> None:
        self.store.close()
