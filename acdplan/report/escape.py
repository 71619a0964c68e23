"""Escaping names for the medium they are written to: a terminal, a CI log, JSON, XML.

Names come from specs (a pull request) and from the tenant (anyone with CXone admin access).
A name holding `\\n::error ...` printed raw starts a GitHub workflow command in the CI log;
`\\x1b[1A\\x1b[2K` rewrites the terminal; U+202E reverses what a reviewer reads; `\\r` breaks a
table row. Every renderer passes each piece of text through the function for its medium.
"""

from __future__ import annotations

import re

# Lines a CI runner reads as commands: GitHub's `::cmd ...::` (and its legacy `##[cmd]`).
_COMMAND_START = re.compile(r"^(\s*)(::|##\[)", re.MULTILINE)


def _escape_character(character: str) -> str:
    code = ord(character)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def terminal(text: object) -> str:
    """Text safe to print: every character that is not printable (controls, escape sequences,
    line and paragraph separators, bidi and invisible format characters) written as `\\xNN`/`\\uNNNN`."""
    text = str(text)
    if text.isprintable():
        return text
    return "".join(character if character.isprintable() else _escape_character(character) for character in text)


def no_commands(output: str) -> str:
    """Output in which no line can start a CI workflow command: such a line gets a leading backslash."""
    if "::" not in output and "##[" not in output:
        return output
    return _COMMAND_START.sub(lambda match: match.group(1) + "\\" + match.group(2), output)


def json_text(document_text: str) -> str:
    """JSON text (from `json.dumps(..., ensure_ascii=False)`) whose strings hold no raw control,
    bidi or invisible characters: they are written as JSON `\\uNNNN` escapes, so the data parsed
    back is unchanged while a terminal showing the file shows nothing raw."""
    if document_text.isprintable():
        return document_text
    return "".join(character if character.isprintable() or character == "\n" else _json_escape(character)
                   for character in document_text)


def _json_escape(character: str) -> str:
    code = ord(character)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def xml_text(text: object) -> str:
    """Text for XML content or attributes (after the XML library's own `<&>"` escaping): the
    characters XML 1.0 cannot hold at all, and the other non-printable ones, as visible `\\xNN`."""
    return terminal(text)
