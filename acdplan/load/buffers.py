"""Unsaved editor buffers: the text loading reads instead of a file's disk contents.

The language server (acdplan/lsp) validates what the user sees in the editor, not what was
last saved: it registers each open document's text here, keyed by the file's absolute path,
and loading (specset) and inline ignores (validate/suppressions) read through `read_bytes`.
With no buffer registered (every command of the CLI) this is a plain read of the file.
"""

from __future__ import annotations

import os
from pathlib import Path

_BUFFERS: dict[str, bytes] = {}


def use_buffers(buffers: dict[str, bytes]) -> None:
    """Make `buffers` (absolute path -> text) the open documents loading reads instead of the disk."""
    global _BUFFERS
    _BUFFERS = buffers


def buffered(path: str | os.PathLike) -> bytes | None:
    """The open buffer's text for `path`, or None when it is not open (read the file)."""
    if not _BUFFERS:
        return None
    return _BUFFERS.get(os.path.abspath(path))


def read_bytes(path: str | os.PathLike, limit: int = -1) -> bytes:
    """The file's text as the user sees it: its open buffer if any, else the disk (OSError as open's)."""
    found = buffered(path)
    if found is not None:
        return found if limit < 0 else found[:limit]
    with open(Path(path), "rb") as handle:
        return handle.read(limit)
