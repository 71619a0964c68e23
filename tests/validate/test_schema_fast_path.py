"""The fastjsonschema fast path and jsonschema agree on every verdict, so no error is skipped."""

from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acdplan.load import load_spec_folder
from acdplan.validate.schema_check import _fast_form, is_valid_fast, validator
from tests.conftest import EXAMPLE_SPECS

EXAMPLE = load_spec_folder(EXAMPLE_SPECS).data
ODD_VALUES = [None, True, 0, -1, 1.5, "", "x", "global", "1d2h", [], ["view"], {}, {"hours": 1}, 5_256_001]


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, prefix + (index,))


PATHS = [path for path in _paths(EXAMPLE) if path]


@st.composite
def mutated_specs(draw):
    document = copy.deepcopy(EXAMPLE)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(PATHS))
        parent = document
        for part in path[:-1]:
            try:
                parent = parent[part]
            except (KeyError, IndexError, TypeError):
                break
        else:
            action = draw(st.sampled_from(["set", "rename", "delete"]))
            last = path[-1]
            try:
                if action == "set":
                    parent[last] = draw(st.sampled_from(ODD_VALUES))
                elif action == "rename" and isinstance(parent, dict) and last in parent:
                    parent[str(last) + "x"] = parent.pop(last)
                elif action == "delete" and isinstance(parent, dict):
                    parent.pop(last, None)
            except (IndexError, TypeError):
                pass
    return document


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_specs())
def test_fast_path_agrees_with_jsonschema(document):
    assert is_valid_fast(document) == validator().is_valid(document)


def test_example_is_valid_on_both_paths():
    assert is_valid_fast(EXAMPLE) and validator().is_valid(EXAMPLE)


def _with(path: tuple, value) -> dict:
    document = copy.deepcopy(EXAMPLE)
    parent = document
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = value
    return document


_CHANNEL = next(iter(EXAMPLE["channels"]))
_AGENT = next(iter(EXAMPLE["agents"]))


@pytest.mark.parametrize("path, value", [
    (("acdplan",), True), (("acdplan",), 1.0), (("acdplan",), 2),  # a const
    (("agents", _AGENT, "role"), ["A", "B"]), (("agents", _AGENT, "role"), ["A", 1]),  # a oneOf made anyOf
    (("agents", _AGENT, "role"), 3), (("agents", _AGENT, "role"), None),
    (("channels", _CHANNEL, "sla"), "global"), (("channels", _CHANNEL, "sla"), "local"),  # const or $ref
    (("channels", _CHANNEL, "sla"), {"first_response": "1h"}), (("channels", _CHANNEL, "sla"), {"x": 1}),
    (("tenant", "sla", "resolution"), "1d2h"), (("tenant", "sla", "resolution"), "2 days"),
    (("tenant", "sla", "resolution"), {"days": True}), (("tenant", "sla", "resolution"), 5),
])
def test_fast_form_keeps_each_verdict(path, value):
    document = _with(path, value)
    assert is_valid_fast(document) == validator().is_valid(document)


def test_only_a_oneof_of_disjoint_types_becomes_anyof():
    root: dict = {"$defs": {"text": {"type": "string", "description": "d"}}}
    disjoint = {"oneOf": [{"$ref": "#/$defs/text"}, {"type": "array"}, {"const": 1}], "description": "x"}
    assert _fast_form(disjoint, root) == {"anyOf": [{"$ref": "#/$defs/text"}, {"type": "array"}, {"enum": [1]}]}
    overlapping = {"oneOf": [{"type": "integer"}, {"type": "number", "minimum": 3}]}
    assert _fast_form(overlapping, root) == overlapping
    assert _fast_form({"items": {"$ref": "#/$defs/text"}}, root) == {"items": {"type": "string"}}
