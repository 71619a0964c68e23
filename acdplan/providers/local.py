"""The local sandbox tenant: the embedded default, a tenant kept in a JSON file under `.acdplan/`.

It lets anyone try plan and apply with no CXone account. It stands for a tenant in which the
referenced campaigns and Studio scripts exist and social accounts are already authorised, so
it never needs a person. Routing queues exist only if seeded into the file (F14: acdplan never
creates one). Writes go through the same journaled store as the state: one fsynced line a step.

Every kind is stored the same way, so one adapter class serves them all; what differs by kind
(a skill is deactivated, a queue cannot be created) comes from the kind's declaration.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import msgspec

from acdplan.encoded import DecodedWhenRead, EncodedDocuments, SectionDocuments
from acdplan.model.documents import KINDS, address
from acdplan.model.kinds import REGISTRY, Kind, Removal
from acdplan.plan.changes import Change
from acdplan.providers.base import KindAdapter, Provider, StepFailed, StepOutcome, TenantSnapshot
from acdplan.providers.coverage import Coverage, full_coverage
from acdplan.state.corrupt import corrupt_file
from acdplan.state.journal import RESTORE_BACKUP, JournaledStore


class LocalAdapter(KindAdapter):
    """One kind's objects in the sandbox document."""

    def __init__(self, provider: LocalProvider, kind: Kind):
        self.provider, self.declared = provider, kind
        self.kind = kind.name

    def create(self, change: Change) -> StepOutcome:
        document = self.provider.document
        if change.name in document["objects"].setdefault(self.kind, {}):
            raise StepFailed(f"{change.address} already exists in the tenant")
        if not self.declared.creatable:
            raise StepFailed(f"{self.declared.label} {change.name!r} does not exist; {self.declared.not_creatable}")
        tenant_id, ops = self.provider.new_id(self.kind)
        if self.declared.removal is Removal.DEACTIVATE and change.name in document.get("inactive", {}).get(self.kind, {}):
            ops.append({"op": "delete", "path": ["inactive", self.kind, change.name]})
        return self.provider.write(ops + self._put(change, tenant_id), tenant_id)

    def update(self, change: Change) -> StepOutcome:
        objects = self.provider.document["objects"].setdefault(self.kind, {})
        source = change.renamed_from if change.renamed_from and change.renamed_from in objects else change.name
        if source not in objects:
            raise StepFailed(f"{address(self.kind, source)} is not in the tenant any more")
        tenant_id = self.provider.document.get("ids", {}).get(address(self.kind, source))
        ops = self._remove(source) if source != change.name else []
        return self.provider.write(ops + self._put(change, tenant_id), tenant_id)

    def replace(self, change: Change) -> StepOutcome:
        tenant_id, ops = self.provider.new_id(self.kind)
        return self.provider.write(self._remove(change.name) + ops + self._put(change, tenant_id), tenant_id)

    def delete(self, change: Change) -> StepOutcome:
        current = self.provider.document["objects"].get(self.kind, {}).get(change.name)
        if current is None:
            raise StepFailed(f"{change.address} is not in the tenant any more")
        if change.kept:  # entries a person made stay: the object stays with them alone (issue 20)
            return self.provider.write([{"op": "set", "path": ["objects", self.kind, change.name],
                                         "value": only_entries(current, change.kept, self.declared.open_lists)}],
                                       None)
        return self.provider.write(self._remove(change.name), None)

    def _put(self, change: Change, tenant_id: str | None) -> list[dict]:
        return [{"op": "set", "path": ["objects", self.kind, change.name], "value": change.after},
                {"op": "set", "path": ["ids", change.address], "value": tenant_id}]

    def _remove(self, name: str) -> list[dict]:
        ops = [{"op": "delete", "path": ["objects", self.kind, name]},
               {"op": "delete", "path": ["ids", address(self.kind, name)]}]
        if self.declared.removal is Removal.DEACTIVATE:  # kept, inactive (skills, F13)
            body = self.provider.document["objects"].get(self.kind, {}).get(name)
            ops.append({"op": "set", "path": ["inactive", self.kind, name], "value": body})
        return ops + self._unbind(name)

    def _unbind(self, name: str) -> list[dict]:
        """As in CXone, what was bound to a removed object is bound to nothing now (roles lose a
        deleted channel, agents keep only the deactivated skill): a replace must bind them again."""
        changed: dict[tuple[str, str], dict] = {}
        for other in REGISTRY.values():
            for ref in other.refs:
                if ref.target != self.kind:
                    continue
                for other_name, body in self.provider.document["objects"].get(other.name, {}).items():
                    current = changed.get((other.name, other_name), body)
                    unbound = ref.without(current, name)
                    if unbound != current:
                        changed[(other.name, other_name)] = unbound
        return [{"op": "set", "path": ["objects", kind, other_name], "value": body}
                for (kind, other_name), body in changed.items()]


def only_entries(document: dict, kept, open_lists) -> dict:
    """`document` with its open lists holding only the `kept` (hand-made) entries."""
    result = dict(document)
    for field_name in open_lists:
        value = result.get(field_name)
        entries = {entry for kept_field, entry in kept if kept_field == field_name}
        if isinstance(value, dict):
            result[field_name] = {key: item for key, item in value.items() if key in entries}
        elif isinstance(value, list):
            result[field_name] = [item for item in value if item in entries]
    return result


def sandbox_problem(document) -> str | None:
    """What makes `document` unusable as the sandbox tenant, or None (checked on every full read:
    a damaged file is ST001 naming it and its backup, never a traceback)."""
    if not isinstance(document, dict):
        return f"the sandbox is a JSON object, not {type(document).__name__}"
    objects = document.get("objects", {})
    if not isinstance(objects, dict):
        return "`objects` must be an object of kinds"
    for kind, named in objects.items():
        if not isinstance(named, dict) or not all(isinstance(body, dict) for body in named.values()):
            return f"`objects.{kind}` must be an object of names, each with an object"
    for key in ("ids", "inactive"):
        if not isinstance(document.get(key, {}), dict):
            return f"`{key}` must be an object"
    next_id = document.get("next_id", 1)
    if not isinstance(next_id, int) or isinstance(next_id, bool):
        return "`next_id` must be a whole number"
    return None


class _EncodedSandbox(msgspec.Struct, gc=False):
    """What a plan reads of the sandbox file: each kind's objects as one JSON text, split into
    documents only when read (acdplan/encoded.py, SectionDocuments); other fields skipped."""

    objects: dict[str, msgspec.Raw] = {}
    ids: msgspec.Raw = msgspec.Raw(b"{}")


_OPENING_BRACE = ord("{")


class LocalProvider(Provider):
    name = "local"

    def __init__(self, path: Path, fsync: bool = True, user: str | None = None):
        self.path = Path(path)
        self.user = user  # who "applies" in the sandbox (its `user:` setting), to try the lockout guard
        self.store = JournaledStore(self.path, fsync=fsync, check=sandbox_problem)
        self._document: dict | None = None
        # One step at a time changes the document: ids are drawn and written under this lock, so
        # parallel steps never share an id (they did when `next_id` was read outside any lock).
        self._lock = threading.RLock()
        self._adapters = {name: LocalAdapter(self, kind) for name, kind in REGISTRY.items() if kind.managed}

    @staticmethod
    def _empty() -> dict:
        return {"format_version": 1, "serial": 0, "objects": {kind: {} for kind in KINDS}, "ids": {},
                "inactive": {}, "next_id": 1}

    @property
    def document(self) -> dict:
        if self._document is None:
            document = self.store.load(self._empty)
            legacy = document.pop("inactive_skills", None)  # before kinds were declared: skills only
            if legacy:
                document.setdefault("inactive", {}).setdefault("skill", {}).update(legacy)
            self._document = document
            if not self.store.exists():
                self.store.compact(document)  # created empty on first use
        return self._document

    def read(self) -> TenantSnapshot:
        if self._document is None and not self.store.has_journal():
            snapshot = self._read_encoded()
            if snapshot is not None:
                return self.cover(snapshot)
        document = self.document
        objects = {kind: dict(document["objects"].get(kind, {})) for kind in KINDS}
        return self.cover(TenantSnapshot(objects=objects, ids=dict(document.get("ids", {}))))

    def _read_encoded(self) -> TenantSnapshot | None:
        """The snapshot with each object kept as its JSON text (acdplan/encoded.py): what a plan
        reads, without decoding the documents it will find unchanged. None when the file is not
        there or not of the usual shape: `document` then reads it (and says what is wrong)."""
        try:
            read = msgspec.json.decode(self.path.read_bytes(), type=_EncodedSandbox)
        except (OSError, msgspec.DecodeError):
            return None
        if not all(memoryview(section)[0] == _OPENING_BRACE for section in (*read.objects.values(), read.ids)):
            return None  # a kind or the ids not an object: the full read says so
        def damaged(kind: str) -> Callable[[str], Exception]:
            return lambda name: corrupt_file(self.path, f"`objects.{kind}.{name}` must be an object", RESTORE_BACKUP)

        return TenantSnapshot(objects={kind: SectionDocuments(section, damaged(kind)) if (section := read.objects.get(kind))
                                       else EncodedDocuments({}, damaged(kind)) for kind in KINDS},
                              ids=DecodedWhenRead(read.ids))

    @property
    def supports(self) -> Coverage:
        """Every managed kind, every operation: the sandbox stores every kind alike (what a kind
        cannot do, such as creating a routing queue, is the kind's declaration, RQ001)."""
        return full_coverage()

    def credential_user(self) -> str | None:
        return self.user

    def adapter(self, kind: str) -> KindAdapter:
        found = self._adapters.get(kind)
        if found is None:
            raise StepFailed(f"the sandbox keeps no objects of kind {kind!r}")
        return found

    def apply_step(self, change: Change) -> StepOutcome:
        with self._lock:
            return super().apply_step(change)

    def new_id(self, kind: str) -> tuple[str, list[dict]]:
        """A fresh tenant id and the operation that records it as used (call under the lock)."""
        number = self.document.get("next_id", 1)
        self.document["next_id"] = number + 1  # taken now: the next caller sees it at once
        return f"{kind}-{number}", [{"op": "set", "path": ["next_id"], "value": number + 1}]

    def write(self, ops: list[dict], tenant_id: str | None) -> StepOutcome:
        self.store.append(self.document, ops)
        return StepOutcome(tenant_id)

    def seed(self, kind: str, name: str, body: dict) -> None:
        """Put an object in the sandbox as if made by hand in the tenant (tests, demos, routing queues)."""
        with self._lock:
            tenant_id, ops = self.new_id(kind)
            self.write(ops + [{"op": "set", "path": ["objects", kind, name], "value": body},
                              {"op": "set", "path": ["ids", address(kind, name)], "value": tenant_id}], tenant_id)

    def close(self) -> None:
        if self._document is not None and self.store.has_journal():  # a plan alone rewrites nothing
            self.store.compact(self._document)
        self.store.close()


def open_local(environment) -> LocalProvider:
    return LocalProvider(environment.path_setting("path", ".acdplan/sandbox.json"),
                         user=environment.settings.get("user"))
