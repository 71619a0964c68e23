"""A state, journal or sandbox file that cannot be read: a diagnostic, never a traceback or a reset.

The message names the damaged file, the backup acdplan keeps beside it (`<name>.backup`, the
version before the last write) with its serial, and the commands that recover (README, "Where
state lives"). Nothing is repaired silently: an empty state would plan every object as an
import and forget what acdplan must delete.
"""

from __future__ import annotations

import json
from pathlib import Path

from acdplan.config import ConfigError
from acdplan.diagnostics import Diagnostic, Severity


class StateUnusable(ConfigError):
    """The state (or a file kept the same way) cannot be used; carries one ST diagnostic."""

    def __init__(self, rule: str, message: str, file: str | None = None, line: int = 1, column: int = 1):
        super().__init__([Diagnostic(rule, Severity.ERROR, message, file, line if file else None,
                                     column if file else None)])


def describe_backup(path: Path) -> str:
    backup = path.with_name(path.name + ".backup")
    if not backup.exists():
        return f"there is no backup ({backup} does not exist)"
    try:
        serial = json.loads(backup.read_bytes()).get("serial", "?")
    except (OSError, ValueError, AttributeError):
        return f"its backup {backup} is unreadable too"
    return f"the previous version is kept in {backup} (serial {serial})"


def corrupt_file(path: Path, problem: str, recovery: str, line: int = 1, column: int = 1,
                 backup_of: Path | None = None) -> StateUnusable:
    """ST001 for `path`; `backup_of` names the file whose backup to offer (a journal's snapshot)."""
    return StateUnusable("ST001", f"{path} cannot be read: {problem}; {describe_backup(backup_of or path)}. "
                                  f"{recovery}", str(path), line, column)


def json_position(error: ValueError) -> tuple[int, int]:
    return (getattr(error, "lineno", 1) or 1, getattr(error, "colno", 1) or 1)
