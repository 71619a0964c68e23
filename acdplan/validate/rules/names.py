"""Name rules (NM): names that look like other names, or that reorder how text is displayed.

A reviewer reads names; the tenant compares code points. `IG_Direct_FR` with a Cyrillic `ѕ`
or `І` is a different skill that looks the same in the pull request, and a right-to-left
override (U+202E) makes a name display differently from what it is ("Trojan Source"). Both
pass every other check, so they get a warning here.
"""

from __future__ import annotations

import re
import unicodedata

from acdplan.diagnostics import Severity
from acdplan.validate.rules.base import Finding, rule

NAMED_SECTIONS = ("skills", "channels", "roles", "agents", "campaigns", "scripts", "routing_queues")

# Characters that change how the text around them is displayed, and invisible ones.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
INVISIBLE = frozenset("\u00ad\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff")

# Letters of other scripts that are drawn like a Latin letter (from Unicode's confusables.txt).
LOOK_ALIKES = dict(zip(
    "аАвВеЕһНіІјЈкКмМоОрРсСтТуУхХѕЅԁԛԜԝӏɡαΑβΒεΕζΖηΗιΙκΚμΜνΝοΟρΡτΤυΥχΧ",
    "aABBeEhHiIjJkKmMoOpPcCtTyYxXsSdqWwlgaABBeEZZnHiIkKuMvNoOpPtTuYxX",
    strict=True,
))


_WORD_BREAKS = re.compile(r"[\W_]+")


def _script(character: str) -> str | None:
    if not character.isalpha():
        return None
    name = unicodedata.name(character, "")
    return name.split(" ", 1)[0] if name else None


def skeleton(name: str) -> str:
    """The name as it looks: look-alike letters replaced by the Latin letter they resemble."""
    if name.isascii():  # no look-alike is ASCII (most names of a large tenant: no per-letter work)
        return name.lower()
    return "".join(LOOK_ALIKES.get(character, character) for character in name).casefold()


def _describe(character: str) -> str:
    return f"U+{ord(character):04X} {unicodedata.name(character, 'a control character')}"


def suspicious(name: str) -> str | None:
    """Why this name may not be what it looks like, or None."""
    if name.isascii() and name.isprintable():
        return None  # no control, bidirectional, invisible or look-alike character is printable ASCII
    controls = [c for c in name if unicodedata.category(c) == "Cc"]
    if controls:
        return f"holds the control character {_describe(controls[0])}, which terminals and logs act upon"
    hidden = [c for c in name if c in BIDI_CONTROLS]
    if hidden:
        return f"holds the bidirectional control {_describe(hidden[0])}, which changes how the name is displayed"
    invisible = [c for c in name if c in INVISIBLE]
    if invisible:
        return f"holds the invisible character {_describe(invisible[0])}"
    for word in _WORD_BREAKS.split(name):  # "Équipe Ελλάδα" is two words in two scripts: fine
        scripts = {script for c in word if (script := _script(c)) is not None}
        look_alikes = [c for c in word if c in LOOK_ALIKES]
        if look_alikes and len(scripts) > 1:
            return (f"mixes {' and '.join(sorted(s.title() for s in scripts))} letters in one word: "
                    f"'{look_alikes[0]}' ({_describe(look_alikes[0])}) looks like the Latin "
                    f"'{LOOK_ALIKES[look_alikes[0]]}'")
    return None


@rule("NM001", Severity.WARNING, "a name with a look-alike letter of another script, or a bidirectional/invisible "
      "control character",
      "write the name with the letters it appears to have (retype it; look for Cyrillic or Greek letters, "
      "or invisible characters copied from a document)",
      why="Names are compared code point by code point: a Cyrillic `ѕ` makes another skill that looks the same in a "
          "review, and a right-to-left override (U+202E) displays a name differently from what it is.",
      bad="skills:\n  IG_Direct_FR: {campaign: Social}\n  IG_Direct_Fѕ: {campaign: Social}\n",
      good="skills:\n  IG_Direct_FR: {campaign: Social}\n  IG_Direct_FS: {campaign: Social}\n")
def look_alike_names(context):
    for section in NAMED_SECTIONS:
        names = context.data.get(section)
        if not isinstance(names, dict):
            continue
        seen: dict[str, str] = {}
        for name in names:
            if not isinstance(name, str):
                continue
            reason = suspicious(name)
            twin = seen.setdefault(skeleton(name), name)  # the first name drawn this way (maybe this one)
            if reason is None and twin != name and not name.isascii():
                reason = f"looks like {twin!r} (letters of another script drawn alike)"
            if reason:
                shown = name.encode("ascii", "backslashreplace").decode("ascii")
                yield Finding((section, name), f"{section[:-1].replace('_', ' ')} name '{shown}' {reason}: "
                                               f"retype it with the letters it appears to have")
