"""A plan reads the state and the sandbox with their documents kept as JSON text
(acdplan/encoded.py, acdplan/state/lazy.py): what it reads is what the full read gives, a
formatting difference is never a change, and anything unusual goes to the full read."""

from __future__ import annotations

import dataclasses
import json

import pytest

from acdplan.encoded import EncodedDocuments
from acdplan.plan.changes import Unchanged
from acdplan.plan.seal import steps_of
from acdplan.state import State, StateUnusable
from acdplan.state.journal import JournaledStore, canonical_json, decode_snapshot
from acdplan.state.lazy import EncodedResources, read_encoded_state
from tests.plan.sandbox_runner import Sandbox
from tests.plan.small_tenant import AFTER, BEFORE


def _applied(tmp_path) -> Sandbox:
    sandbox = Sandbox(tmp_path)
    sandbox.apply(BEFORE)
    return sandbox


def _state_path(sandbox: Sandbox):
    return sandbox.folder / "state" / f"{sandbox.environment_name}.json"


def test_the_encoded_state_is_the_full_state(tmp_path):
    sandbox = _applied(tmp_path)
    path = _state_path(sandbox)
    full = State(decode_snapshot(path))
    encoded = read_encoded_state(JournaledStore(path))
    assert encoded is not None and isinstance(encoded.resources, EncodedResources)
    assert dict(encoded.resources) == full.resources and len(encoded.resources) == len(full.resources)
    for address in full.resources:
        assert encoded.applied_document(address) == full.applied_document(address)
        assert json.loads(bytes(encoded.applied_texts[address])) == full.applied_document(address)
    assert encoded.applied_document("skill.Nothing") is None
    assert (encoded.lineage, encoded.serial, encoded.pending) == (full.lineage, full.serial, full.pending)
    assert canonical_json({"resources": encoded.resources}) == canonical_json({"resources": full.resources})
    assert encoded.document == full.document and list(encoded.document) == list(full.document)  # decoded for writers
    assert encoded.applied_texts is None  # once decoded, the state is a plain one


def test_an_apply_writes_through_an_encoded_state_without_losing_anything(tmp_path):
    sandbox = _applied(tmp_path)
    before = decode_snapshot(_state_path(sandbox))
    plan, result = sandbox.apply(AFTER)
    assert result.exit_code == 0
    after = decode_snapshot(_state_path(sandbox))
    assert after["lineage"] == before["lineage"] and after["serial"] > before["serial"]
    assert set(after["resources"]) == {c.address for c in plan.changes if c.action.value != "delete"}
    assert not sandbox.pending(AFTER)


@pytest.mark.parametrize("edit", [
    lambda state: state["resources"]["skill.IG_FR"].update(note="a field acdplan does not write"),
    lambda state: state.update(extra={"kept": True}),
])
def test_what_acdplan_does_not_write_goes_to_the_full_read_and_is_kept(tmp_path, edit):
    sandbox = _applied(tmp_path)
    path = _state_path(sandbox)
    document = decode_snapshot(path)
    edit(document)
    path.write_bytes(canonical_json(document))
    state = sandbox.store().read()
    if "extra" in document:  # an unknown top-level field is kept by the encoded read itself
        assert state.document["extra"] == {"kept": True}
    else:
        assert read_encoded_state(JournaledStore(path)) is None and state.resources["skill.IG_FR"]["note"]
    assert not sandbox.pending(BEFORE)


@pytest.mark.parametrize("damage", [
    {"skill.IG_FR": {"document": [1]}},  # not an object: ST001, as the full read says
    {"IG_FR": {"document": {}}},  # not an address
])
def test_a_damaged_resource_is_reported_as_the_full_read_reports_it(tmp_path, damage):
    sandbox = _applied(tmp_path)
    path = _state_path(sandbox)
    document = decode_snapshot(path)
    document["resources"].update(damage)
    path.write_bytes(canonical_json(document))
    assert read_encoded_state(JournaledStore(path)) is None
    with pytest.raises(StateUnusable, match="resources"):
        sandbox.store().read()


def test_a_journal_to_replay_goes_to_the_full_read(tmp_path):
    sandbox = _applied(tmp_path)
    store = sandbox.store()
    state = store.read()
    store.record(state, [{"op": "delete", "path": ["resources", "skill.IG_FR"]}])
    assert read_encoded_state(JournaledStore(_state_path(sandbox))) is None  # the journal is not folded in yet
    assert "skill.IG_FR" not in sandbox.store().read().resources
    store.close()


def test_the_encoded_sandbox_is_the_full_sandbox(tmp_path):
    sandbox = _applied(tmp_path)
    provider = sandbox.provider()
    encoded = provider.read()
    full = provider.document  # the full read, as an apply makes it
    assert all(isinstance(objects, EncodedDocuments) for objects in encoded.objects.values())
    assert {kind: dict(objects) for kind, objects in encoded.objects.items() if objects} == \
        {kind: objects for kind, objects in full["objects"].items() if objects}
    assert encoded.ids == full["ids"]
    assert provider.read().objects["skill"].keys() == full["objects"]["skill"].keys()  # full read from now on
    provider.close()


def test_a_formatting_difference_is_never_a_change(tmp_path):
    """Equal text proves equal documents; different text only sends the object to the ordinary
    comparison: a sandbox and a state written with spaces and another key order plan nothing."""
    sandbox = _applied(tmp_path)
    for path in (sandbox.folder / "sandbox.json", _state_path(sandbox)):
        document = json.loads(path.read_bytes())
        path.write_text(json.dumps(document, indent=2, ensure_ascii=True), encoding="utf-8")
    plan, _ = sandbox.planned(BEFORE)
    assert plan.changes and not plan.has_changes
    assert not any(isinstance(change, Unchanged) for change in plan.changes)  # each compared decoded


def test_unchanged_changes_read_copy_and_seal_like_decoded_ones(tmp_path):
    sandbox = _applied(tmp_path)
    plan, snapshot = sandbox.planned(BEFORE)
    assert plan.changes and all(isinstance(change, Unchanged) for change in plan.changes)
    decoded = {kind: dict(objects) for kind, objects in snapshot.objects.items()}
    assert canonical_json({"objects": snapshot.objects}) == canonical_json({"objects": decoded})
    for change in plan.changes:
        assert change.before == change.after == decoded[change.kind][change.name]
    decoded_plan, _ = sandbox.planned(BEFORE, store=_FullReads(sandbox.store()))
    assert not any(isinstance(change, Unchanged) for change in decoded_plan.changes)
    assert steps_of(plan) == steps_of(decoded_plan)  # what a saved plan's seal is checked against
    copied = dataclasses.replace(plan.changes[0], reason="copied")
    assert copied.before == plan.changes[0].before and copied.reason == "copied"
    change = plan.changes[0]
    change.after = {"y": 2}  # set by a reader (a sensitive value restored): it wins over the text
    assert change.after == {"y": 2} and change.before == decoded[change.kind][change.name]


class _FullReads:
    """A state store whose reads are the full ones (the state's documents decoded)."""

    def __init__(self, store):
        self._store = store

    def read(self):
        return State(self._store.store.load(self._store._empty))

    def close(self):
        self._store.close()


def test_an_unreadable_sandbox_is_reported_by_the_full_read(tmp_path):
    sandbox = _applied(tmp_path)
    (sandbox.folder / "sandbox.json").write_bytes(b'{"objects": {"skill": ')
    provider = sandbox.provider()
    with pytest.raises(StateUnusable, match=r"sandbox\.json"):
        provider.read()
    provider.close()


@pytest.mark.parametrize("damage", [b'{"objects": {"skill": []}}', b'{"objects": {}, "ids": ["x"]}'])
def test_a_kind_or_ids_that_is_not_an_object_is_reported_by_the_full_read(tmp_path, damage):
    sandbox = _applied(tmp_path)
    (sandbox.folder / "sandbox.json").write_bytes(damage)
    provider = sandbox.provider()
    with pytest.raises(StateUnusable, match=r"sandbox\.json"):
        provider.read()
    provider.close()


def test_a_state_known_by_its_digests_is_the_full_state_and_splits_when_read(tmp_path):
    """With the cache, a state whose bytes were read before keeps its resources as one text
    (acdplan/digests.py): whatever reads it gets what the full read gives."""
    from acdplan.load.cache import project_cache, use_parse_cache
    from acdplan.state.lazy import SectionResources

    sandbox = _applied(tmp_path)
    path = _state_path(sandbox)
    previous = use_parse_cache(project_cache(tmp_path))
    try:
        first = read_encoded_state(JournaledStore(path))  # read in full, its digests kept
        known = read_encoded_state(JournaledStore(path))
    finally:
        use_parse_cache(previous)
    full = State(decode_snapshot(path))
    assert first is not None and isinstance(first.resources, EncodedResources) and first.kind_digests
    assert known is not None and isinstance(known.resources, SectionResources) and not known.resources.split
    assert known.kind_digests == first.kind_digests and set(known.kind_digests) == {a.split(".")[0] for a in
                                                                                   full.resources}
    assert (known.lineage, known.serial, known.pending) == (full.lineage, full.serial, full.pending)
    for address in full.resources:
        assert known.applied_document(address) == full.applied_document(address)
    assert known.resources.split
    assert dict(known.resources) == full.resources and known.document == full.document
