"""Sensitive values: marked where they are written, shown as `(sensitive)` everywhere acdplan
writes, and stored only in the tenant itself (docs: README.md, "Sensitive values").

A value is sensitive when a spec file tags it `!sensitive` or when it is the value of a
template variable listed in the environment's `sensitive_vars:`. The marks are the values
themselves, kept for the run (one process runs one command; apply's worker threads see them
too): the loader and the project file add to them, and every output path (plan renderers,
saved plans, diagnostics, state, the HTML report, apply's messages, the CXone client's logs)
asks this one module to redact. Structured data is redacted leaf by leaf (so the same value
elsewhere is hidden too: the safe direction); free text has each marked value replaced
wherever it occurs.

A saved plan holds `(sensitive)` in place of each value, like Terraform's ephemeral values:
`apply PLANFILE` re-plans the same specs with the same variables (the engine does, to check
the saved steps), and takes the values from that re-plan; when the specs changed it refuses.
"""

from __future__ import annotations

import dataclasses
import html
import json
from urllib.parse import quote

REDACTED = "(sensitive)"
MIN_TEXT_LENGTH = 3  # shorter values are hidden in data, not searched for in prose ("1 to create")
SENSITIVE_TAG = "!sensitive"
_marked: frozenset[str] = frozenset()  # replaced, never mutated: readers on other threads see a whole set


def reset() -> None:
    """Forget every mark: each command run starts clean."""
    global _marked
    _marked = frozenset()


def mark(value) -> None:
    """Mark a value sensitive (its text form; empty values are nothing to hide)."""
    global _marked
    if value is None or isinstance(value, (dict, list, bool)):
        return
    text = str(value)
    if text.strip():
        _marked = _marked | {text}


def mark_variables(variables: dict, names) -> None:
    """The values of the template variables `names` (from `sensitive_vars:`) are sensitive."""
    for name in names or ():
        value = variables.get(name)
        if isinstance(value, dict):
            for item in value.values():
                mark(item)
        elif isinstance(value, list):
            for item in value:
                mark(item)
        else:
            mark(value)


def marked() -> frozenset[str]:
    return _marked


def _forms(value: str) -> list[str]:
    """The ways a value can appear in output: as is, JSON-escaped, HTML-escaped, URL-quoted, as
    Python writes it in a message (`{value!r}`: `\\'` and `\\x1b`) and as a terminal shows it
    (acdplan/report/escape.py: controls as `\\xNN`); longest first."""
    return sorted({value, json.dumps(value, ensure_ascii=False)[1:-1], json.dumps(value)[1:-1],
                   html.escape(value, quote=True), quote(value, safe=""), repr(value)[1:-1], ascii(value)[1:-1],
                   _terminal_form(value), _terminal_form(repr(value)[1:-1])}, key=len, reverse=True)


def _terminal_form(value: str) -> str:
    """The value as acdplan/report/escape.py's `terminal` writes it (kept here: this module
    sits below the renderers)."""
    if value.isprintable():
        return value
    return "".join(c if c.isprintable() else (f"\\x{ord(c):02x}" if ord(c) < 0x100 else
                                              f"\\u{ord(c):04x}" if ord(c) < 0x10000 else f"\\U{ord(c):08x}")
                   for c in value)


def redact_text(text: str, values: frozenset[str] | None = None) -> str:
    values = marked() if values is None else values
    if not values or not text:
        return text
    for value in sorted(values, key=len, reverse=True):
        if len(value) < MIN_TEXT_LENGTH:
            continue
        for form in _forms(value):
            if form in text:
                text = text.replace(form, REDACTED)
    return text


def redact_data(data, values: frozenset[str] | None = None):
    """A copy of JSON-like data with every marked value hidden, in keys' values and in text."""
    values = marked() if values is None else values
    if not values:
        return data
    if isinstance(data, dict):
        return {key: redact_data(item, values) for key, item in data.items()}
    if isinstance(data, (list, tuple)):
        return [redact_data(item, values) for item in data]
    if isinstance(data, bool) or data is None:
        return data
    if isinstance(data, (int, float)):
        return REDACTED if str(data) in values else data
    if isinstance(data, str):
        return REDACTED if data in values else redact_text(data, values)
    return data


def redact_plan(plan):
    """A copy of the plan whose documents, attribute changes, reasons and findings hide every
    marked value; the plan itself (which apply carries out) keeps them."""
    values = marked()
    if not values:
        return plan
    changes = []
    for change in plan.changes:
        changes.append(dataclasses.replace(
            change, before=redact_data(change.before, values), after=redact_data(change.after, values),
            attributes=[dataclasses.replace(a, before=redact_data(a.before, values), after=redact_data(a.after, values))
                        for a in change.attributes],
            reason=redact_text(change.reason, values), ui_path=redact_text(change.ui_path, values),
            manual_reason=redact_text(change.manual_reason, values)))
    copy = dataclasses.replace(plan, changes=changes, diagnostics=redact_diagnostics(plan.diagnostics))
    copy.state_fingerprint = plan.fingerprint()
    return copy


def redact_diagnostics(diagnostics: list) -> list:
    """Diagnostics whose messages and paths hide every marked value, before any format escapes
    them (a value quoted by `{value!r}` and then XML- or terminal-escaped matches no form)."""
    values = marked()
    if not values:
        return diagnostics
    return [dataclasses.replace(d, message=redact_text(d.message, values),
                                path=tuple(redact_data(list(d.path), values))) for d in diagnostics]


def redacting_diagnostics(render):
    """A diagnostics renderer that is given the findings redacted, and redacts what it writes."""

    def render_redacted(diagnostics, *args, **kwargs) -> str:
        return redact_text(render(redact_diagnostics(list(diagnostics)), *args, **kwargs))

    render_redacted.__doc__ = render.__doc__
    return render_redacted


def redacting(render, unquote: bool = False):
    """A plan renderer that shows the plan redacted, and redacts whatever text it still makes;
    `unquote` for prose formats, where a hidden value reads (sensitive), not "(sensitive)"."""

    def render_redacted(plan, *args, **kwargs) -> str:
        text = redact_text(render(redact_plan(plan), *args, **kwargs))
        return text.replace(f'"{REDACTED}"', REDACTED) if unquote else text

    render_redacted.__doc__ = render.__doc__
    return render_redacted


def matches_applied(applied, current) -> bool:
    """Whether the tenant's document equals what acdplan recorded applying, reading a recorded
    `(sensitive)` as "whatever the tenant holds": the state never holds the value itself. What
    the tenant holds there is marked sensitive too, so an old value never shows in a plan."""
    if applied == REDACTED:
        mark(current)
        return True
    if isinstance(applied, dict) and isinstance(current, dict):
        return applied.keys() == current.keys() and all(matches_applied(applied[k], current[k]) for k in applied)
    if isinstance(applied, list) and isinstance(current, list):
        return len(applied) == len(current) and all(matches_applied(a, c) for a, c in zip(applied, current, strict=True))
    if isinstance(applied, str) and isinstance(current, str) and REDACTED in applied:
        return _matches_template(applied, current)
    return applied == current


def _matches_template(applied: str, current: str) -> bool:
    """A recorded text with `(sensitive)` inside it (`https://x/(sensitive)/hook`: a sensitive
    variable within a longer templated string) matches a text that has something non-empty in
    each hidden place and the recorded text around it; what fills the places is marked."""
    parts = applied.split(REDACTED)
    first, last = parts[0], parts[-1]
    end = len(current) - len(last)
    if not current.startswith(first) or not current.endswith(last) or end < len(first):
        return False
    position, filled = len(first), []
    for part in parts[1:-1]:  # each literal part at its leftmost place after a non-empty value: linear
        found = current.find(part, position + 1, end)
        if found < 0:
            return False
        filled.append(current[position:found])
        position = found + len(part)
    if end - position < 1:
        return False
    filled.append(current[position:end])
    for value in filled:
        mark(value)
    return True


def mark_recorded(applied, current) -> None:
    """Marks sensitive whatever `current` holds where `applied` (the state's record) is `(sensitive)`,
    the whole document through: matches_applied stops at the first difference, so a value the
    tenant changed after it would otherwise show."""
    if applied == REDACTED:
        mark(current)
    elif isinstance(applied, str) and isinstance(current, str) and REDACTED in applied:
        _matches_template(applied, current)  # a sensitive variable inside a longer text
    elif isinstance(applied, dict) and isinstance(current, dict):
        for key in applied.keys() & current.keys():
            mark_recorded(applied[key], current[key])
    elif isinstance(applied, list) and isinstance(current, list):
        for old, new in zip(applied, current, strict=False):
            mark_recorded(old, new)


def has_redacted(data) -> bool:
    if isinstance(data, str):
        return REDACTED in data  # a whole value, or a sensitive variable inside a longer text
    if data == REDACTED:
        return True
    if isinstance(data, dict):
        return any(has_redacted(item) for item in data.values())
    if isinstance(data, list):
        return any(has_redacted(item) for item in data)
    return False


def _restore(saved, desired):
    """`saved` with each `(sensitive)` leaf taken from `desired` at the same place."""
    if saved == REDACTED or (isinstance(saved, str) and REDACTED in saved and isinstance(desired, str)):
        return desired  # the steps were found the same once redacted: the re-plan's text is the one
    if isinstance(saved, dict) and isinstance(desired, dict):
        return {key: _restore(item, desired.get(key)) for key, item in saved.items()}
    if isinstance(saved, list) and isinstance(desired, list) and len(saved) == len(desired):
        return [_restore(item, other) for item, other in zip(saved, desired, strict=True)]
    return saved


def restore_values(saved, remade) -> None:
    """Put the values back into a saved plan, in place, from the re-plan of the same specs that
    apply makes (whose steps were found the same once redacted)."""
    remade_after = {change.address: change.after for change in remade.changes}
    for change in saved.changes:
        if has_redacted(change.after):
            change.after = _restore(change.after, remade_after.get(change.address))
