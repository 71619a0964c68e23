"""Every kind is one declared unit: its module, its schema, and what the engine reads of it."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from acdplan.model import build_spec
from acdplan.model.documents import desired_documents
from acdplan.model.kinds import ALL, MANAGED, REGISTRY, Removal

SCHEMA = Path(__file__).resolve().parents[2] / "schema"


def test_the_registry_finds_every_kind_module():
    modules = {path.stem for path in (Path(__file__).resolve().parents[2] / "acdplan" / "model" / "kinds").glob("*.py")}
    assert {kind.name for kind in ALL} == modules - {"__init__", "base", "labels"}
    assert all(kind.managed or kind.removal is Removal.NEVER for kind in ALL)  # what is only named is never removed


@pytest.mark.parametrize("kind", ALL, ids=lambda kind: kind.name)
def test_each_kind_has_its_section_in_the_spec_schema(kind):
    sections = json.loads((SCHEMA / "spec.schema.json").read_text())["properties"]
    assert kind.section in sections


@pytest.mark.parametrize("kind", ALL, ids=lambda kind: kind.name)
def test_references_point_at_declared_kinds_and_replace_fields_exist(kind):
    for ref in kind.refs:
        assert ref.target in REGISTRY
    top_fields = {field.name for field in dataclasses.fields(kind.model)}
    for dotted in kind.replace_fields:
        assert dotted.split(".")[0] in top_fields
    for listed in kind.open_lists:
        assert listed in top_fields


@pytest.mark.parametrize("kind", [k for k in MANAGED if k.singleton is None], ids=lambda kind: kind.name)
def test_the_model_class_is_the_only_place_of_defaults(kind):
    """Built from the least a spec can say, an object has exactly its class's defaults."""
    minimal = {"channel": {"type": "email", "account": {"id": "x"}}}.get(kind.name, {})
    built = kind.build("N" if kind.name != "agent" else "u@example.com", minimal, None)
    for field in dataclasses.fields(kind.model):
        if field.name in minimal or (field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING):
            continue
        default = field.default if field.default is not dataclasses.MISSING else field.default_factory()
        assert getattr(built, field.name) == default, field.name


def test_removal_is_declared_per_kind():
    assert REGISTRY["skill"].removal is Removal.DEACTIVATE
    assert REGISTRY["routing_queue"].removal is Removal.NEVER and not REGISTRY["routing_queue"].creatable
    assert REGISTRY["channel"].removal is Removal.DELETE


def test_documents_leave_out_the_key_and_what_is_not_compared():
    spec = build_spec({"roles": {"R": {"renamed_from": "Old", "exclusive": ["channels"], "channels": {"C": ["view"]}}},
                       "agents": {"u@x": {"role": "R", "skills": {"S": 2}}}})
    documents = desired_documents(spec)
    assert documents["role"]["R"] == {"handles_contacts": True, "admin_permissions": [], "channels": {"C": ["view"]}}
    assert documents["agent"]["u@x"]["role"] == "R"


def test_a_kinds_references_are_walked_in_documents():
    queue = REGISTRY["routing_queue"]
    document = {"filters": {"F": {"included_channels": ["A", "B"], "included_skills": ["S"]}}}
    assert list(queue.references(document)) == [
        (("filters", "F", "included_channels", 0), "channel", "A"),
        (("filters", "F", "included_channels", 1), "channel", "B"),
        (("filters", "F", "included_skills", 0), "skill", "S"),
    ]
    ref = queue.refs[0]
    assert ref.without(document, "A")["filters"]["F"]["included_channels"] == ["B"]
