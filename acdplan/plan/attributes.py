"""Attribute-level differences between two documents, with readable, name-keyed paths.

What changed, found as deepdiff would find it (it was deepdiff; `_walk` says why it is not);
a list of scalars (permissions, hours) is reported as one value at the list's path, never as
positional indexes that shift when an item is added.
"""

from __future__ import annotations

import re

from acdplan.plan.changes import AttributeChange

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_MISSING = object()
# deepdiff's threshold_to_diff_deeper (0.33 since deepdiff 8): a mapping sharing fewer of its keys
# than this with the other is reported whole, not key by key.
WHOLE_WHEN_SHARED_BELOW = 0.33


def format_path(parts: list) -> str:
    text = ""
    for part in parts:
        if isinstance(part, str) and _IDENTIFIER.match(part):
            text += f".{part}" if text else part
        else:
            text += f"[{part!r}]".replace("'", '"') if isinstance(part, str) else f"[{part}]"
    return text


def _value_at(document, parts: list):
    value = document
    for part in parts:
        if (isinstance(value, dict) and part in value) or (isinstance(value, list) and isinstance(part, int) and part < len(value)):
            value = value[part]
        else:
            return _MISSING
    return value


def attribute_changes(before: dict | None, after: dict | None) -> list[AttributeChange]:
    """Every changed leaf (or list) between `before` and `after`, sorted by path."""
    before = before or {}
    after = after or {}
    if before == after:
        return []
    seen: dict[str, list] = {}
    _walk(before, after, [], seen)
    changes = []
    for path, parts in sorted(seen.items()):
        old, new = _value_at(before, parts), _value_at(after, parts)
        changes.append(AttributeChange(path or "(all)", None if old is _MISSING else old, None if new is _MISSING else new))
    return changes


def _walk(before, after, parts: list, seen: dict[str, list]) -> None:
    """The paths deepdiff (view="tree") reports, as the planner showed them: a value of another
    type, a key added or removed, a changed leaf; anything inside a list (or under an integer
    key) is reported once, where the list starts. Written out because deepdiff took ~0.6 ms a
    change: 3.5 s of an L plan with 5,600 updates (issue 23); tests/plan/test_attributes.py
    holds the two to the same answers."""
    if before.__class__ is not after.__class__:
        seen.setdefault(format_path(parts), parts)
    elif isinstance(before, dict):
        union = len(before.keys() | after.keys())
        if union > 1 and len(before.keys() & after.keys()) / union < WHOLE_WHEN_SHARED_BELOW:
            seen.setdefault(format_path(parts), parts)  # mostly other keys: one change, the whole mapping
            return
        for key, value in before.items():
            if key not in after or not _same(value, after[key]):
                _report(parts, key, value, after.get(key, _MISSING), seen)
        for key in after:
            if key not in before:
                _report(parts, key, _MISSING, after[key], seen)
    elif isinstance(before, (list, tuple)):
        if not _same(before, after):
            seen.setdefault(format_path(parts), parts)
    elif before != after:
        seen.setdefault(format_path(parts), parts)


def _report(parts: list, key, before, after, seen: dict[str, list]) -> None:
    if isinstance(key, int):  # an integer key is a position: the whole value, where it starts
        seen.setdefault(format_path(parts), parts)
    elif before is _MISSING or after is _MISSING:
        here = [*parts, key]
        seen.setdefault(format_path(here), here)
    else:
        _walk(before, after, [*parts, key], seen)


def _same(before, after) -> bool:
    """Equal, and of the same types all the way down (deepdiff reports 1 -> 1.0 as a change)."""
    if before.__class__ is not after.__class__:
        return False
    if isinstance(before, dict):
        return before.keys() == after.keys() and all(_same(value, after[key]) for key, value in before.items())
    if isinstance(before, (list, tuple)):
        return len(before) == len(after) and all(map(_same, before, after))
    return before == after
