"""The local sandbox tenant: the embedded default, a tenant kept in a JSON file under `.acdplan/`.

It lets anyone try plan and apply with no CXone account. It stands for a tenant in which the
referenced campaigns and Studio scripts exist and social accounts are already authorised, so
it never needs a person. Routing queues exist only if seeded into the file (F14: acdplan never
creates one). Writes go through the same journaled store as the state: one fsynced line a step.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from acdplan.model.documents import KINDS, address
from acdplan.plan.changes import Action, Change
from acdplan.providers.base import Provider, StepFailed, StepOutcome, TenantSnapshot
from acdplan.state.journal import JournaledStore


class LocalProvider(Provider):
    name = "local"

    def __init__(self, path: Path, fsync: bool = True):
        self.path = Path(path)
        self.store = JournaledStore(self.path, fsync=fsync)
        self._document: dict | None = None
        self._ids = itertools.count(1)

    @staticmethod
    def _empty() -> dict:
        return {"format_version": 1, "serial": 0, "objects": {kind: {} for kind in KINDS}, "ids": {},
                "inactive_skills": {}, "next_id": 1}

    @property
    def document(self) -> dict:
        if self._document is None:
            self._document = self.store.load(self._empty)
            if not self.store.exists():
                self.store.compact(self._document)  # created empty on first use
        return self._document

    def read(self) -> TenantSnapshot:
        document = self.document
        objects = {kind: dict(document["objects"].get(kind, {})) for kind in KINDS}
        return TenantSnapshot(objects=objects, ids=dict(document.get("ids", {})))

    def _new_id(self, kind: str) -> str:
        number = self.document.get("next_id", 1)
        return f"{kind}-{number}"

    def apply_step(self, change: Change) -> StepOutcome:
        document = self.document
        kind, name = change.kind, change.name
        objects = document["objects"].setdefault(kind, {})
        ops: list[dict] = []
        tenant_id = document.get("ids", {}).get(change.address)
        if change.action is Action.CREATE:
            if name in objects:
                raise StepFailed(f"{change.address} already exists in the tenant")
            if kind == "routing_queue":
                raise StepFailed(f"routing queue {name!r} does not exist; new routing queues cannot be created (F14)")
            tenant_id = self._new_id(kind)
            ops += [{"op": "set", "path": ["next_id"], "value": document.get("next_id", 1) + 1}]
            if kind == "skill" and name in document.get("inactive_skills", {}):
                ops.append({"op": "delete", "path": ["inactive_skills", name]})
            ops += self._put(change.address, kind, name, change.after, tenant_id)
        elif change.action is Action.UPDATE:
            source = change.renamed_from if change.renamed_from and change.renamed_from in objects else name
            if source not in objects:
                raise StepFailed(f"{address(kind, source)} is not in the tenant any more")
            tenant_id = document.get("ids", {}).get(address(kind, source))
            if source != name:
                ops += self._remove(address(kind, source), kind, source)
            ops += self._put(change.address, kind, name, change.after, tenant_id)
        elif change.action is Action.REPLACE:
            ops += self._remove(change.address, kind, name, deactivate=kind == "skill")
            tenant_id = self._new_id(kind)
            ops += [{"op": "set", "path": ["next_id"], "value": document.get("next_id", 1) + 1}]
            ops += self._put(change.address, kind, name, change.after, tenant_id)
        elif change.action is Action.DELETE:
            if name not in objects:
                raise StepFailed(f"{change.address} is not in the tenant any more")
            ops += self._remove(change.address, kind, name, deactivate=kind == "skill")
            tenant_id = None
        else:
            return StepOutcome(tenant_id)
        self.store.append(document, ops)
        return StepOutcome(tenant_id)

    def _put(self, resource_address: str, kind: str, name: str, body: dict | None, tenant_id: str | None) -> list[dict]:
        return [
            {"op": "set", "path": ["objects", kind, name], "value": body},
            {"op": "set", "path": ["ids", resource_address], "value": tenant_id},
        ]

    def _remove(self, resource_address: str, kind: str, name: str, deactivate: bool = False) -> list[dict]:
        ops = [{"op": "delete", "path": ["objects", kind, name]}, {"op": "delete", "path": ["ids", resource_address]}]
        if deactivate:  # ACD skills are deactivated, not removed
            body = self.document["objects"].get(kind, {}).get(name)
            ops.append({"op": "set", "path": ["inactive_skills", name], "value": body})
        return ops

    def seed(self, kind: str, name: str, body: dict) -> None:
        """Put an object in the sandbox as if made by hand in the tenant (tests, demos, routing queues)."""
        document = self.document
        tenant_id = self._new_id(kind)
        self.store.append(document, [
            {"op": "set", "path": ["next_id"], "value": document.get("next_id", 1) + 1},
            *self._put(address(kind, name), kind, name, body, tenant_id),
        ])

    def close(self) -> None:
        if self._document is not None and self.store.has_journal():  # a plan alone rewrites nothing
            self.store.compact(self._document)
        self.store.close()





def open_local(environment) -> LocalProvider:
    return LocalProvider(environment.path_setting("path", ".acdplan/sandbox.json"))
