"""Diagnostics: the one record every stage reports problems with.

A diagnostic carries its position from the start (file, line, column, and the spec path it
is about), so renderers never have to look anything up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


SpecPath = tuple[str | int, ...]  # keys and indexes from a spec document's root to one node


class Locator(Protocol):
    """Where the user wrote a spec path: what a diagnostic needs from a source map.

    The loader's SourceMap and LazySourceMap (acdplan/load/positions.py) both answer it, so the
    stages that point at the specs take either."""

    def key(self, path: SpecPath) -> Location | None: ...

    def locate(self, path: SpecPath, prefer_value: bool = False) -> Location | None: ...


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a file the user wrote; line and column are 1-based."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    rule: str
    severity: Severity
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    path: tuple[str | int, ...] = ()
    fact: str | None = None
    related: tuple[Location, ...] = field(default=())

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple:
        return (self.file or "", self.line or 0, self.column or 0, self.rule, self.message)


def sort_diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(diagnostics, key=Diagnostic.sort_key)


def fails(diagnostics: list[Diagnostic], strict: bool = False) -> bool:
    """Whether these findings fail a run: errors always, warnings under --strict."""
    return any(d.is_error or strict for d in diagnostics)
