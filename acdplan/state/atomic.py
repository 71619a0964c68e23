"""Write a file so that readers see the old content or the new, never a mix, and keep a backup."""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

FILE_MODE = 0o600


def fsync_directory(directory: Path) -> None:
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def atomic_write(path: Path, data: bytes, backup: bool = True) -> None:
    """Temp file beside the target, fsync, keep the previous version as `<name>.backup`, rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, FILE_MODE)
        if backup and path.exists():
            backup_temporary = path.with_name(f".{path.name}.backup.tmp")
            shutil.copyfile(path, backup_temporary)
            os.chmod(backup_temporary, FILE_MODE)
            os.replace(backup_temporary, path.with_name(path.name + ".backup"))
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    fsync_directory(path.parent)
