"""The emulator is written from the published evidence, never from the provider it is meant to test."""

from __future__ import annotations

import ast
from pathlib import Path

import acdplan.emulator

EMULATOR = Path(acdplan.emulator.__file__).parent


def imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_the_emulator_imports_nothing_of_the_provider():
    files = sorted(EMULATOR.glob("*.py"))
    assert files
    for path in files:
        leaked = {name for name in imported_modules(path) if name.startswith("acdplan.providers")}
        assert not leaked, (path.name, leaked)
