"""A change's attributes are what deepdiff reports (the planner used it until issue 23): the
walk that replaced it gives the same paths and values on any pair of JSON-like documents."""

from __future__ import annotations

from deepdiff import DeepDiff
from hypothesis import given, settings
from hypothesis import strategies as st

from acdplan.plan.attributes import _MISSING, _value_at, attribute_changes, format_path
from acdplan.plan.changes import AttributeChange


def deepdiff_changes(before: dict | None, after: dict | None) -> list[AttributeChange]:
    """The planner's former implementation, kept as the oracle."""
    before = before or {}
    after = after or {}
    if before == after:
        return []
    diff = DeepDiff(before, after, view="tree", verbose_level=2)
    seen: dict[str, list] = {}
    for level_list in diff.values():
        for level in level_list:
            parts = list(level.path(output_format="list"))
            for index, part in enumerate(parts):
                if isinstance(part, int):
                    parts = parts[:index]
                    break
            seen.setdefault(format_path(parts), parts)
    changes = []
    for path, parts in sorted(seen.items()):
        old, new = _value_at(before, parts), _value_at(after, parts)
        changes.append(AttributeChange(path or "(all)", None if old is _MISSING else old, None if new is _MISSING else new))
    return changes


KEYS = st.sampled_from(["name", "skills", "role", "hours", "a b", "x-y", "notes", "0"])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from([0.0, 1.0, 2.5]),
                    st.sampled_from(["", "FR", "EN", "1"]))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(KEYS, inner, max_size=4)), max_leaves=12)
DOCUMENTS = st.dictionaries(KEYS, VALUES, max_size=5)


@st.composite
def pairs(draw):
    """Two documents, often one a small edit of the other (as an update is)."""
    before = draw(DOCUMENTS)
    if draw(st.booleans()):
        return before, draw(DOCUMENTS)
    after = dict(before)
    for key in draw(st.lists(KEYS, max_size=3)):
        if draw(st.booleans()) and key in after:
            del after[key]
        else:
            after[key] = draw(VALUES)
    return before, after


@settings(max_examples=400, deadline=None)
@given(pair=pairs())
def test_the_same_attributes_as_deepdiff(pair):
    before, after = pair
    assert attribute_changes(before, after) == deepdiff_changes(before, after)


def test_examples_users_see():
    before = {"skills": {"MAIL_FR": 1, "CHAT": 2}, "role": "Agents", "hours": [1, 2], "count": 1}
    after = {"skills": {"MAIL_FR": 3}, "role": "Agents", "hours": [1, 2, 3], "count": 1.0, "notes": "x"}
    assert [(c.path, c.before, c.after) for c in attribute_changes(before, after)] == [
        ("count", 1, 1.0), ("hours", [1, 2], [1, 2, 3]), ("notes", None, "x"),
        ("skills.CHAT", 2, None), ("skills.MAIL_FR", 1, 3)]
    assert attribute_changes(before, after) == deepdiff_changes(before, after)
    assert attribute_changes(None, None) == [] and attribute_changes({"a": 1}, {"a": 1}) == []
