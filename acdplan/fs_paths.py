"""How paths are shown and compared, shared by the loader and the template renderer (which may
not import each other's stage): relative to the working directory when inside it."""

from __future__ import annotations

import os
from pathlib import Path


def display_path(path: Path) -> str:
    """Paths as users see them: relative to the working directory when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative


def inside(path: Path, root: Path) -> bool:
    """Whether `path` is `root` or below it (both resolved)."""
    return path == root or root in path.parents
