"""The compiled converters (acdplan/model/plain.py) make what the plain rule makes
(acdplan/model/plain_reference.py), key order included, for every object of generated tenants."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from acdplan.encoded import encode_document
from acdplan.model import build_spec
from acdplan.model.documents import document_of, objects_of, text_of
from acdplan.model.kinds import MANAGED
from acdplan.model.kinds.role import Role
from acdplan.model.plain import object_document, to_document
from acdplan.model.plain_reference import reference_document
from acdplan.plan.reference import reference_document_of
from tests.plan.spec_strategies import specs


def _same(fast: object, plain: object) -> None:
    assert json.dumps(fast) == json.dumps(plain)  # equal, and in the same key order


@settings(max_examples=60, deadline=None)
@given(specs())
def test_every_object_of_a_generated_tenant_converts_as_the_plain_rule_says(data):
    spec = build_spec(data)
    for kind in MANAGED:
        for item in objects_of(spec, kind).values():
            _same(object_document(item), reference_document(item))
            _same(to_document(item), reference_document(item))
            _same(document_of(kind)(item), reference_document_of(kind, item))
            assert text_of(kind)(item) == encode_document(reference_document_of(kind, item))


@given(st.builds(
    Role, name=st.text(max_size=5), description=st.none() | st.text(max_size=10),
    admin_permissions=st.frozensets(st.text(max_size=6), max_size=4),
    channels=st.dictionaries(st.text(max_size=6), st.frozensets(st.text(max_size=6), max_size=3), max_size=4)))
def test_a_role_with_any_names_converts_as_the_plain_rule_says(role):
    _same(object_document(role), reference_document(role))


def test_a_container_of_another_class_than_declared_still_converts_plainly():
    role = Role("Agents", admin_permissions=("b", "a"), channels={"IG": ["reply"]})  # type: ignore[arg-type]
    _same(object_document(role), reference_document(role))
