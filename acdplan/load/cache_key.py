"""This user's parse-cache key: what makes a cache entry acdplan's own, kept where no commit can reach.

The parse cache sits in the working tree (acdplan/load/cache.py), where a pull request can put
files. Its entries are believed only when authenticated with this key: 32 random bytes in
`$XDG_CACHE_HOME/acdplan/parse-cache.key` (else `~/.cache/acdplan/parse-cache.key`), made on
first use with mode 0600 in a 0700 folder. A key that is not a regular file of this user's, is
reached through a symlink, or lies inside the project (a home folder that is the checkout) is
not used: the run then goes on without a cache, exactly as with `--no-cache`.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

KEY_FILE = "parse-cache.key"
KEY_BYTES = 32


def key_folder() -> Path | None:
    """Where the key lives: $XDG_CACHE_HOME/acdplan, else ~/.cache/acdplan (None: no home)."""
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    if base and os.path.isabs(base):
        return Path(base) / "acdplan"
    try:
        return Path.home() / ".cache" / "acdplan"
    except RuntimeError:  # no HOME and no password entry
        return None


def cache_key(project_cache: Path) -> bytes | None:
    """The key, made if there is none yet; None when no trustworthy key can be had."""
    folder = key_folder()
    if folder is None:
        return None
    try:
        if _inside(folder, project_cache.resolve().parent.parent):
            return None  # a key in the working tree could be committed: no cache at all
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return _read(folder / KEY_FILE) or _make(folder / KEY_FILE)
    except OSError:
        return None


def _inside(path: Path, root: Path) -> bool:
    resolved = path.resolve()
    return resolved == root or root in resolved.parents


def _read(path: Path) -> bytes | None:
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode) or status.st_uid != os.geteuid() or status.st_mode & 0o077:
            raise PermissionError(f"{path}: not a private file of this user's")
        key = os.read(descriptor, KEY_BYTES + 1)
    finally:
        os.close(descriptor)
    if len(key) != KEY_BYTES:
        raise PermissionError(f"{path}: not a key acdplan made")
    return key


def _make(path: Path) -> bytes:
    """A new key, appearing whole or not at all (written aside, then linked into place)."""
    key = secrets.token_bytes(KEY_BYTES)
    private = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    descriptor = os.open(private, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(key)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(private, path)
        except FileExistsError:  # another run made it first: use theirs
            return _read(path) or key
    finally:
        with contextlib.suppress(OSError):
            os.unlink(private)
    return key
