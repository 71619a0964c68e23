"""SLA durations written as text: the forms people write, read to minutes, and said back with a unit.

The CXone screen takes days, hours and minutes (F27); the spec takes that mapping, or text.
Text is read in the forms a French or English team writes without thinking: `4h`, `2H`,
`1h30`, `90m`, `120 min`, `2 heures`, `1 jour 2 heures`, `2h 30m`, `1:30`, ISO 8601 `PT2H30M`.
A text total is carried into the units (`120m` is 2 hours: a text says an amount, not the
screen's fields). What cannot be read gets the list of forms and, when one is close, a
did-you-mean (`2 heurs` -> `2h`).
"""

from __future__ import annotations

import difflib
import re

UNITS = {  # word -> minutes in one
    **dict.fromkeys(("d", "day", "days", "j", "jour", "jours"), 24 * 60),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours", "heure", "heures"), 60),
    **dict.fromkeys(("m", "mn", "min", "mins", "minute", "minutes"), 1),
}
FORMS = "1d2h30m, 2h, 90m, 1h30, 1:30, \"2 heures\", \"2 hours\", \"1 jour 2 heures\" or PT2H30M"
_PART = re.compile(r"(\d+)\s*([a-zà-ÿ]+)")
_ISO = re.compile(r"p(?:(\d+)d)?(?:t(?:(\d+)h)?(?:(\d+)m)?(?:0+s)?)?")
_CLOCK = re.compile(r"(\d+):([0-5]\d)")
_TRAILING_MINUTES = re.compile(r"(.*\d\s*h[a-z]*)\s*(\d+)")  # 1h30, 2 heures 15


def text_minutes(text: str) -> int | None:
    """The minutes a duration text says, or None when it is not a form acdplan reads."""
    value = " ".join(text.strip().lower().split())
    if not value:
        return None
    iso = _ISO.fullmatch(value.replace(" ", ""))
    if iso and value.startswith("p") and any(iso.groups()):
        days, hours, minutes = (int(part or 0) for part in iso.groups())
        return (days * 24 + hours) * 60 + minutes
    clock = _CLOCK.fullmatch(value)
    if clock:
        return int(clock.group(1)) * 60 + int(clock.group(2))
    trailing = _TRAILING_MINUTES.fullmatch(value)
    if trailing:
        value = f"{trailing.group(1)} {trailing.group(2)}m"
    total, last, position = 0, None, 0
    for match in _PART.finditer(value):
        if value[position:match.start()].strip(" ,") not in ("", "et", "and"):
            return None
        unit = UNITS.get(match.group(2))
        if unit is None or (last is not None and unit >= last):  # days, then hours, then minutes; each once
            return None
        total += int(match.group(1)) * unit
        last, position = unit, match.end()
    if last is None or value[position:].strip():
        return None
    return total


def minutes_parts(total: int) -> tuple[int, int, int]:
    """(days, hours, minutes) of a number of minutes, as the CXone screen takes them."""
    days, rest = divmod(int(total), 24 * 60)
    hours, minutes = divmod(rest, 60)
    return days, hours, minutes


def screen_text(total: int | None) -> str:
    """Minutes as the SLA screen's three fields: 240 -> "0d 4h 0m"; None -> "not set"."""
    if total is None:
        return "not set"
    days, hours, minutes = minutes_parts(total)
    return f"{days}d {hours}h {minutes}m"


def minutes_text(total: int) -> str:
    """Minutes with their units, zero parts left out: 60 -> "1h", 1470 -> "1d 30m", 0 -> "0m"."""
    parts = [f"{amount}{unit}" for amount, unit in zip(minutes_parts(total), "dhm", strict=True) if amount]
    return " ".join(parts) or "0m"


def suggestion(text: str) -> str | None:
    """A reading of an unreadable text whose unit words are misspelt (`2 heurs` -> "2h"), or None."""
    value = " ".join(text.strip().lower().split())
    parts = _PART.findall(value)
    if not parts:
        digits = value.strip()
        return f"{int(digits)}m" if digits.isdigit() else None
    fixed = []
    for amount, word in parts:
        close = difflib.get_close_matches(word, UNITS, n=1, cutoff=0.6)
        if not close or close[0][0] != word[0]:  # a misspelling keeps its first letter (`semaines` is no `minutes`)
            return None
        fixed.append(f"{amount}{close[0][0] if close[0][0] != 'j' else 'd'}")
    guess = "".join(fixed)
    minutes = text_minutes(guess)
    return minutes_text(minutes).replace(" ", "") if minutes is not None else None


def unreadable_message(text: str) -> str:
    guess = suggestion(text)
    hint = f"; did you mean {guess!r}?" if guess else ""
    return f"{text!r} is not a duration acdplan reads: write it as {FORMS}{hint}"
