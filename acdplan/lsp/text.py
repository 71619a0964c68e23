"""Positions in a line of text: acdplan counts characters from 1, LSP counts UTF-16 units from 0.

A name in a spec file is a YAML scalar, plain or quoted; the helpers here find where one ends
on its line, so a diagnostic underlines the whole name and a rename replaces exactly it.
"""

from __future__ import annotations

import json
import re

from lsprotocol import types

_PLAIN_SAFE = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^#:,\[\]{}]*$")


def split_lines(text: str) -> list[str]:
    return [line.rstrip("\r") for line in text.split("\n")]


def utf16_column(line: str, column: int) -> int:
    """The UTF-16 offset of the character at index `column` (0-based) of `line`."""
    head = line[:column]
    return len(head) + sum(1 for char in head if ord(char) > 0xFFFF)


def char_column(line: str, utf16: int) -> int:
    """The character index of UTF-16 offset `utf16` of `line` (the inverse of utf16_column)."""
    units = 0
    for index, char in enumerate(line):
        if units >= utf16:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
    return len(line)


def scalar_span(line: str, start: int) -> tuple[int, int]:
    """(start, end) character indexes of the YAML scalar that begins at `start`, quotes included."""
    if start >= len(line):
        return start, start
    quote = line[start]
    if quote in "\"'":
        index = start + 1
        while index < len(line):
            char = line[index]
            if quote == '"' and char == "\\":
                index += 2
                continue
            if char == quote:
                if quote == "'" and line[index + 1:index + 2] == "'":
                    index += 2
                    continue
                return start, index + 1
            index += 1
        return start, len(line)
    in_flow = line[:start].count("[") + line[:start].count("{") > line[:start].count("]") + line[:start].count("}")
    end = start
    while end < len(line):
        char = line[end]
        if char == ":" and (end + 1 == len(line) or line[end + 1] in " \t"):
            break
        if char == "#" and end > start and line[end - 1] in " \t":
            break
        if in_flow and char in ",]}":
            break
        end += 1
    while end > start and line[end - 1] in " \t":
        end -= 1
    return start, max(end, start + 1) if start < len(line) else end


def name_span(line: str, start: int, name: str) -> tuple[int, int] | None:
    """(start, end) of `name` itself in the scalar at `start` (inside its quotes), or None when
    the text there is not that name (a template expression, an escape): never edit a guess."""
    begin, end = scalar_span(line, start)
    written = line[begin:end]
    if written in (name, _quoted(name, "'"), _quoted(name, '"'), json.dumps(name)):
        return (begin + 1, end - 1) if written[:1] in "\"'" else (begin, end)
    return None


def _quoted(name: str, quote: str) -> str:
    return quote + (name.replace("'", "''") if quote == "'" else name) + quote


def yaml_name(name: str, like: str = "") -> str:
    """`name` written as a YAML scalar, in the quotes of `like` (the text it replaces) if it had any."""
    if like[:1] == "'":
        return _quoted(name, "'")
    if like[:1] == '"':
        return json.dumps(name, ensure_ascii=False)
    if _PLAIN_SAFE.match(name) and name.strip() == name and name.lower() not in ("null", "true", "false", "~") \
            and not re.fullmatch(r"[-+.\d][\d_.eE+-]*", name):
        return name
    return json.dumps(name, ensure_ascii=False)


def lsp_range(lines: list[str], line: int, start: int, end: int) -> types.Range:
    """The LSP range of characters [start, end) of 0-based `line`."""
    text = lines[line] if 0 <= line < len(lines) else ""
    return types.Range(types.Position(line, utf16_column(text, start)), types.Position(line, utf16_column(text, end)))


def contains(span: types.Range, position: types.Position) -> bool:
    after_start = (position.line, position.character) >= (span.start.line, span.start.character)
    before_end = (position.line, position.character) <= (span.end.line, span.end.character)
    return after_start and before_end
