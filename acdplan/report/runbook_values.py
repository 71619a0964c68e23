"""The runbook's field lines in the words and units of the CXone screens, not Python's or JSON's.

A person following the runbook reads "Routing > Preferred agent > Timeout: 900 seconds" and
"SLA > First response: 0d 4h 0m", never `{'criteria': ...}`, `[[mon, [...]]]` or "(was None)".
A mapping is spelled out field by field; working hours as the screen lists them ("mon 08:30-12:30,
13:30-19:00; tue ..."); durations as the SLA screen's days, hours and minutes; a field the kind's
own steps already say (a skill's media and campaign, a tenant's SLA) is not said again; a field
that does not apply to the object (an Instagram option on an email channel) is not said at all.
"""

from __future__ import annotations

import re

from acdplan.model.durations import screen_text
from acdplan.model.kinds.labels import SOCIAL_LOGIN_TYPES
from acdplan.plan.changes import Action, Change

# Fields the kind's declared steps (acdplan/model/kinds/*.py `steps`) already write out on a create.
SAID_BY_STEPS = {
    "tenant": ("sla", "working_hours", "dynamic_delivery", "agent_application"),
    "skill": ("media", "direction", "campaign"),
    "channel": ("type", "default_skill", "default_script", "sla"),
    "role": ("admin_permissions", "channels"),
    "agent": ("application", "digital_engagement", "role", "skills"),
}
INSTAGRAM_ONLY = ("account.professional", "account.allow_message_access")  # F1, F2
INSTAGRAM_TYPES = frozenset({"instagram", "instagram_direct"})
WORDS = {"popurl": "POPURL", "byoc": "BYOC", "sla": "SLA", "id": "ID", "cxone_agent": "CXone Agent", "max": "MAX"}
UNIT_SUFFIXES = {"_seconds": "seconds", "_minutes": "minutes", "_percent": "%"}
DURATIONS = ("first_response", "resolution")


def said(kind: str, path: str, document: dict) -> bool:
    """Whether the kind's own steps already say this field (so no "Enter" line repeats it)."""
    top = path.split(".", 1)[0]
    if top in SAID_BY_STEPS.get(kind, ()):
        return True
    return kind == "channel" and path in ("account.id", "account.name") and \
        document.get("type") in SOCIAL_LOGIN_TYPES  # "Pick the account NAME (id ID)"


def applies(kind: str, path: str, document: dict) -> bool:
    """Whether the field means anything for this object (Instagram's options only on Instagram types)."""
    return not (kind == "channel" and path in INSTAGRAM_ONLY and document.get("type") not in INSTAGRAM_TYPES)


NAMED_KEYS = frozenset({"skills", "channels"})  # an agent's skills, a role's channels: keyed by object names
_PATH_PART = re.compile(r'\["((?:[^"\\]|\\.)*)"\]|\[\'((?:[^\'\\]|\\.)*)\'\]|([^.\[\]]+)')


def path_parts(path: str) -> list[str]:
    """`channels["WhatsApp FR"].x` -> ["channels", "WhatsApp FR", "x"] (a plan's attribute paths
    quote keys that hold dots or spaces)."""
    return [quoted or single or plain for quoted, single, plain in _PATH_PART.findall(path)]


def label(path: str) -> str:
    """`routing.preferred_agent.timeout_seconds` -> "Routing > Preferred agent > Timeout"; an
    object's name (`skills.IG_FR`, `channels["WhatsApp FR"]`) is kept as written."""
    parts, previous = [], ""
    for part in path_parts(path):
        if previous in NAMED_KEYS:
            parts.append(part)
        else:
            word = part
            for suffix in UNIT_SUFFIXES:
                if word.endswith(suffix) and word != suffix[1:]:
                    word = word[: -len(suffix)]
            word = WORDS.get(word) or word.replace("_", " ")
            parts.append(word[:1].upper() + word[1:])
        previous = part
    return " > ".join(parts)


def words(path: str, value) -> str:
    """A value as the screen shows it, with its unit."""
    leaf = path.rsplit(".", 1)[-1]
    if value is None:
        return "(empty)"
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, int) and leaf in DURATIONS and "sla" in path.split("."):
        return screen_text(value)
    if isinstance(value, int) and path_parts(path)[:1] == ["skills"] and len(path_parts(path)) == 2:
        return f"proficiency {value}"  # an agent's skill
    if isinstance(value, (int, float)):
        unit = next((unit for suffix, unit in UNIT_SUFFIXES.items() if f"_{leaf}".endswith(suffix)), "")
        return f"{value} {unit}".rstrip() if unit != "%" else f"{value} %"
    if path.endswith("working_hours.days") and isinstance(value, list):
        return "; ".join(f"{day} {', '.join(ranges)}" for day, ranges in value) or "no working day"
    if isinstance(value, list):
        return ", ".join(words(path, item) for item in value) or "(none)"
    if isinstance(value, dict):
        return "; ".join(f"{label(key)}: {words(f'{path}.{key}', item)}" for key, item in value.items()) or "(none)"
    text = str(value)
    return WORDS.get(text) or (text.replace("_", " ") if text.isidentifier() and text.islower() else text)


def leaves(document: dict, prefix: str = "") -> list[tuple[str, object]]:
    """Every field of a document as (dotted path, value); lists stay whole, empty mappings too."""
    found: list[tuple[str, object]] = []
    for key, value in document.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and value and not path.endswith("working_hours.days"):
            found += leaves(value, path + ".")
        else:
            found.append((path, value))
    return found


def field_lines(change: Change) -> list[str]:
    """The "Enter" lines of a create or replace, the "Set" lines of an update."""
    document = change.after or change.before or {}
    if change.action in (Action.CREATE, Action.REPLACE):
        return [f"Enter {label(path)}: {words(path, value)}." for path, value in leaves(change.after or {})
                if value is not None and applies(change.kind, path, document) and not said(change.kind, path, document)]
    lines = []
    for attribute in change.attributes:
        if isinstance(attribute.before, dict) != isinstance(attribute.after, dict) and \
                attribute.before is not None and attribute.after is not None:  # `sla: global` -> its own times
            lines.append(f"Set {label(attribute.path)} to {words(attribute.path, attribute.after)} "
                         f"(was {words(attribute.path, attribute.before)}).")
            continue
        before = dict(leaves(attribute.before, attribute.path + ".")) if isinstance(attribute.before, dict) else \
            {attribute.path: attribute.before}
        after = dict(leaves(attribute.after, attribute.path + ".")) if isinstance(attribute.after, dict) else \
            {attribute.path: attribute.after}
        for path in [*after, *(path for path in before if path not in after)]:
            old, new = before.get(path), after.get(path)
            if old == new or not applies(change.kind, path, document):
                continue
            if new is None:
                lines.append(f"Clear {label(path)} (was {words(path, old)}).")
            elif old is None:
                lines.append(f"Set {label(path)} to {words(path, new)} (was empty).")
            else:
                lines.append(f"Set {label(path)} to {words(path, new)} (was {words(path, old)}).")
    return lines
