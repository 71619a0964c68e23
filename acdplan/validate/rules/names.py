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
from acdplan.model.kinds import ALL
from acdplan.validate.rules.base import Finding, rule

NAMED_SECTIONS = tuple(kind.section for kind in ALL if kind.singleton is None)  # every kind with named objects

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


_CONTROL_NAMES = {"\t": "TAB", "\n": "LINE FEED", "\r": "CARRIAGE RETURN", "\x1b": "ESCAPE", "\x7f": "DELETE",
                  "\x00": "NULL", "\x08": "BACKSPACE", "\x0b": "LINE TABULATION", "\x0c": "FORM FEED"}


def _describe(character: str) -> str:
    name = _CONTROL_NAMES.get(character) or unicodedata.name(character, "a control character")
    return f"U+{ord(character):04X} {name}"


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
            if not isinstance(name, str) or control_character(name) is not None:
                continue  # NM002 refuses it: one message for one fault
            reason = suspicious(name)
            twin = seen.setdefault(skeleton(name), name)  # the first name drawn this way (maybe this one)
            if reason is None and twin != name and not name.isascii():
                reason = f"looks like {twin!r} (letters of another script drawn alike)"
            if reason:
                shown = name.encode("ascii", "backslashreplace").decode("ascii")
                yield Finding((section, name), f"{section[:-1].replace('_', ' ')} name '{shown}' {reason}: "
                                               f"retype it with the letters it appears to have")


def control_character(name: str) -> str | None:
    """The first control character of a name (C0, DEL, C1, or a line/paragraph separator), or None."""
    if name.isprintable():
        return None
    return next((c for c in name if unicodedata.category(c) in ("Cc", "Zl", "Zp")), None)


@rule("NM002", Severity.ERROR, "a name holds a control character (a line break, tab, escape, DEL, U+2028, ...)",
      "write the name on one line, without control characters",
      why="No CXone screen shows a line break or an escape in a name, and every log, terminal and CI runner that "
          "prints the name acts upon it: `\\n::error ...` starts a GitHub workflow command, `\\x1b[2K` rewrites "
          "the terminal. acdplan escapes names in every output, and refuses to create them.",
      bad='skills:\n  "IG_Direct_FR\\n::error::x": {campaign: Social}\n',
      good="skills:\n  IG_Direct_FR: {campaign: Social}\n")
def control_characters_in_names(context):
    for section in NAMED_SECTIONS:
        names = context.data.get(section)
        if not isinstance(names, dict):
            continue
        for name, body in names.items():
            if isinstance(name, str) and (found := control_character(name)) is not None:
                shown = name.encode("ascii", "backslashreplace").decode("ascii")
                yield Finding((section, name), f"{section[:-1].replace('_', ' ')} name '{shown}' holds the control "
                                               f"character {_describe(found)}: write it without")
            former = body.get("renamed_from") if isinstance(body, dict) else None
            if isinstance(former, str) and (found := control_character(former)) is not None:
                shown = former.encode("ascii", "backslashreplace").decode("ascii")
                yield Finding((section, name, "renamed_from"), f"renamed_from '{shown}' holds the control character "
                                                               f"{_describe(found)}: write it without")


@rule("NM003", Severity.ERROR, "a name is, or holds, a sensitive value (`!sensitive` or a `sensitive_vars` variable)",
      "name the object with a value that is not secret; keep the secret in a field",
      why="A name is the object's address: every plan, state file, log line and apply message shows it, so it "
          "cannot be hidden the way a field's value is (Terraform refuses sensitive values as `for_each` keys for "
          "the same reason).",
      bad='skills:\n  ? !sensitive "IG_Secret_FR"\n  : {campaign: Social}\n',
      good="skills:\n  IG_Direct_FR: {campaign: Social}\n")
def sensitive_names(context):
    from acdplan import sensitive

    if not sensitive.marked():
        return
    for section in NAMED_SECTIONS:
        names = context.data.get(section)
        if not isinstance(names, dict):
            continue
        for name in names:
            if isinstance(name, str) and sensitive.redact_data(name) != name:
                yield Finding((section, name), f"a {section[:-1].replace('_', ' ')} name holds a sensitive value, "
                                               "which every plan, log and state would show: name it otherwise")
