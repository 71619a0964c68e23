"""Write a file so that readers see the old content or the new, never a mix, and keep a backup.

Only regular files are written (issue 20): the new content is written aside and renamed over the
path, which over a device, a FIFO or a symbolic link would replace something that is not
acdplan's (`plan -o /dev/null` as root replaced the device with a file). Such a path is refused
(IO001) before anything is written; the file aside is created with O_EXCL | O_NOFOLLOW, so a link
planted at its name is never followed either.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path

from acdplan.config import ConfigError
from acdplan.diagnostics import Diagnostic, Severity

FILE_MODE = 0o600
_CREATE_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC

_KINDS = ((stat.S_ISLNK, "a symbolic link"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


class NotARegularFile(ConfigError):
    """IO001: the path to write holds something else than a regular file."""

    def __init__(self, path: Path, kind: str):
        self.path = path
        super().__init__([Diagnostic("IO001", Severity.ERROR,
                                     f"{path} is {kind}, not a regular file: acdplan writes only regular files "
                                     f"(nothing was written)", str(path), 1, 1)])


def refuse_unless_regular(path: Path) -> None:
    """NotARegularFile unless `path` is a regular file or nothing (never follows a link)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISREG(mode):
        return
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    raise NotARegularFile(Path(path), kind)


def open_regular_for_append(path: Path) -> int:
    """A descriptor appending to the regular file `path` (made if missing), never through a link."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW | os.O_CLOEXEC
                             | os.O_NONBLOCK, FILE_MODE)
    except OSError as error:
        if error.errno == errno.ELOOP:  # O_NOFOLLOW met a link
            refuse_unless_regular(path)
        raise
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        refuse_unless_regular(path)
        raise NotARegularFile(Path(path), "not a regular file")
    os.set_blocking(descriptor, True)
    return descriptor


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


def _write_new(path: Path, data: bytes, mode: int = FILE_MODE) -> None:
    descriptor = os.open(path, _CREATE_NEW, mode)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def atomic_write(path: Path, data: bytes, backup: bool = True, mode: int = FILE_MODE) -> None:
    """Temp file beside the target, fsync, keep the previous version as `<name>.backup`, rename.

    NotARegularFile (IO001) when `path` is a device, a FIFO, a link or a folder; an OSError
    (a full disk: ENOSPC) leaves the previous version whole and no file aside."""
    path = Path(path)
    refuse_unless_regular(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(4)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{token}.tmp")
    backup_temporary = path.with_name(f".{path.name}.backup.{token}.tmp")
    try:
        _write_new(temporary, data, mode)
        os.chmod(temporary, mode)  # whatever the umask
        if backup and path.exists():
            refuse_unless_regular(path.with_name(path.name + ".backup"))
            with open(path, "rb") as previous:
                _write_new(backup_temporary, previous.read())
            os.replace(backup_temporary, path.with_name(path.name + ".backup"))
        refuse_unless_regular(path)  # still nothing else than a file at the last moment
        os.replace(temporary, path)
    except BaseException:
        for leftover in (temporary, backup_temporary):
            with contextlib.suppress(OSError):
                os.unlink(leftover)
        raise
    fsync_directory(path.parent)
