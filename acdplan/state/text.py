"""Names from a state shown on a terminal: control characters escaped, never sent raw."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` with control and bidi-override characters written as \\xNN / \\uNNNN (one line, no escapes run)."""
    text = text.replace("\n", "\\n")
    return _CONTROL.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)
