"""The registry of kinds is the only list: every other list of kinds comes from it or is held to it here.

These tests check the registry's contract (order from references, one section per kind, ...),
never a literal list of kinds, so a kind added as one module passes them or says what it lacks.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from acdplan.model.documents import KIND_RANK
from acdplan.model.kinds import ALL, MANAGED, MANAGED_NAMES, REGISTRY, Kind, Ref, in_reference_order, rank
from acdplan.report.html.graph_svg import kind_color
from acdplan.validate.catalogue import all_rules
from acdplan.validate.rules.names import NAMED_SECTIONS

SPEC_SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "schema" / "spec.schema.json").read_text())
NOT_KIND_SECTIONS = {"acdplan", "import", "removed"}  # the format version and the two lists of addresses


def test_no_kind_carries_a_hand_numbered_rank():
    assert "rank" not in {field.name for field in dataclasses.fields(Kind)}


@pytest.mark.parametrize("kind", ALL, ids=lambda kind: kind.name)
def test_a_kind_comes_after_every_kind_it_refers_to(kind):
    for ref in kind.refs:
        assert rank(ref.target) < rank(kind.name), (kind.name, ref.target)
    if kind.managed and kind.singleton is None:  # its build reads the tenant's settings
        for settings in (other for other in ALL if other.singleton is not None):
            assert rank(settings.name) < rank(kind.name)


def test_the_apply_order_is_the_registry_order():
    assert list(MANAGED_NAMES) == [kind.name for kind in ALL if kind.managed]
    assert sorted(KIND_RANK, key=KIND_RANK.__getitem__) == list(MANAGED_NAMES)
    assert rank("no such kind") > max(KIND_RANK.values())


def _kind(name: str, *targets: str, managed: bool = True) -> Kind:
    return Kind(name=name, section=name + "s", model=object, build=lambda *args: None, managed=managed,
                refs=tuple(Ref((target,), target) for target in targets))


def test_order_follows_references_whatever_the_names():
    kinds = [_kind("a_last", "m_middle"), _kind("m_middle", "z_first"), _kind("z_first", managed=False)]
    assert [kind.name for kind in in_reference_order(kinds)] == ["z_first", "m_middle", "a_last"]
    assert [kind.name for kind in in_reference_order(list(reversed(ALL)))] == [kind.name for kind in ALL]


def test_a_cycle_of_references_is_refused():
    with pytest.raises(ImportError, match="cycle"):
        in_reference_order([_kind("x", "y"), _kind("y", "x")])


def test_the_spec_schema_has_a_section_for_each_kind_and_no_other():
    assert set(SPEC_SCHEMA["properties"]) - NOT_KIND_SECTIONS == {kind.section for kind in ALL}


def test_the_import_list_names_every_kind_a_plan_can_adopt():
    """An object is adopted (IM001) when acdplan would create it: managed, creatable, named."""
    importable = [kind.section for kind in MANAGED if kind.creatable and kind.singleton is None]
    assert SPEC_SCHEMA["properties"]["import"]["propertyNames"]["enum"] == importable


def test_removed_addresses_name_every_managed_kind():
    pattern = SPEC_SCHEMA["properties"]["removed"]["items"]["pattern"]
    listed = re.fullmatch(r"\^\((.*)\)\\\.\.\+\$", pattern)
    assert listed is not None and set(listed.group(1).split("|")) == set(MANAGED_NAMES)


def test_name_rules_read_every_named_section():
    assert set(NAMED_SECTIONS) == {kind.section for kind in ALL if kind.singleton is None}


def test_rf001_names_every_kind_that_is_referred_to():
    summary = next(info.summary for info in all_rules() if info.id == "RF001")
    for target in {ref.target for kind in ALL for ref in kind.refs}:
        assert REGISTRY[target].label in summary


def test_each_kind_is_drawn_in_a_colour_of_its_own():
    colours = [kind_color(kind.name) for kind in ALL]
    assert len(set(colours)) == len(colours)
    later = "kind_added_later"  # not in the colour table: a pale colour of its own, the same every time
    new = kind_color(later)
    assert re.fullmatch(r"#[0-9a-f]{6}", new) and new not in colours and new == kind_color(later)
