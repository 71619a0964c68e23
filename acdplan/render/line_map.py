"""Rendered line -> the template file and line the user wrote, so diagnostics point at the template.

Rendering a template with loops, comments, `{% if %}` blocks or includes moves every line, so
the YAML parser's positions (on the rendered text) are not where the user must look. While
rendering, a marker `\\ue000FILE:LINE\\ue001` (private-use characters) is written before each
piece of literal text and each `{{ expression }}`; `strip_markers` removes them and records,
for each rendered line, the template line its first text came from (literal text advances the
template line at each newline it holds).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from acdplan.diagnostics import Diagnostic, Location

MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
_MARKER = re.compile(f"{MARK_OPEN}(\\d+):(\\d+){MARK_CLOSE}")


def marker(file_index: int, line: int) -> str:
    return f"{MARK_OPEN}{file_index}:{line}{MARK_CLOSE}"


@dataclass(slots=True)
class LineMap:
    """`lines[n - 1]` is (index into `files`, template line) of rendered line n."""

    files: list[str]
    lines: list[tuple[int, int]] = field(default_factory=list)

    def locate(self, line: int) -> tuple[str, int]:
        if 1 <= line <= len(self.lines):
            file_index, template_line = self.lines[line - 1]
            return self.files[file_index], template_line
        return self.files[0], line

    def diagnostic(self, diagnostic: Diagnostic) -> Diagnostic:
        if diagnostic.line is None or diagnostic.file != self.files[0]:
            return diagnostic
        file, line = self.locate(diagnostic.line)
        related = tuple(self.location(r) for r in diagnostic.related)
        return replace(diagnostic, file=file, line=line, related=related)

    def diagnostics(self, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        return [self.diagnostic(d) for d in diagnostics]

    def location(self, location: Location) -> Location:
        if location.file != self.files[0]:
            return location
        file, line = self.locate(location.line)
        return Location(file, line, location.column)

    def position(self, position: tuple[str, int, int]) -> tuple[str, int, int]:
        file, line = self.locate(position[1])
        return (file, line, position[2])



def strip_markers(marked: str, files: list[str]) -> tuple[str, LineMap]:
    """The rendered text without markers, and where each of its lines came from."""
    pieces = _MARKER.split(marked)
    text: list[str] = []
    lines: list[tuple[int, int]] = [(0, 1)]
    file_index, line, line_has_text = 0, 1, False
    for index in range(0, len(pieces), 3):
        if index:
            file_index, line = int(pieces[index - 2]), int(pieces[index - 1])
        piece = pieces[index]
        if not piece:
            continue
        text.append(piece)
        for part_index, part in enumerate(piece.split("\n")):
            if part_index:
                line += 1
                lines.append((file_index, line))
                line_has_text = False
            if part and not line_has_text:
                lines[-1] = (file_index, line)
                line_has_text = True
    return "".join(text), LineMap(files, lines)
