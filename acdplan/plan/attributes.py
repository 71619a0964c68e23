"""Attribute-level differences between two documents, with readable, name-keyed paths.

deepdiff finds what changed; a list of scalars (permissions, hours) is reported as one value
at the list's path, never as positional indexes that shift when an item is added.
"""

from __future__ import annotations

import re

from acdplan.plan.changes import AttributeChange

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_MISSING = object()


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
    from deepdiff import DeepDiff  # only plans with updates need it

    diff = DeepDiff(before, after, view="tree", verbose_level=2)
    seen: dict[str, list] = {}
    for level_list in diff.values():
        for level in level_list:
            parts = list(level.path(output_format="list"))
            # Collapse positions inside lists: report the whole list where it starts.
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
