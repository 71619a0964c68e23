"""The parse cache: what parsing a spec file produced, kept so an unchanged file is not parsed again.

Modelled on mypy's and ruff's caches: one entry per parsed text, named by the SHA-256 of that
text together with everything else the result depends on (acdplan's version, the parser's own
source, the schemas, PyYAML's version, the interpreter's serialisation format, the input
limits). An edit of any kind, even one that keeps the file's size and modification time,
changes the name, so a stale entry is never looked up; adding or removing a file changes which
entries are read.

An entry holds the data, the parser's diagnostics, every key's and value's position (as flat
arrays: yaml_source.POSITION_ARRAYS, so a later diagnostic about an unchanged file still points
at its line and column without parsing it) and whether the file is valid against the spec
schema on its own (so an unchanged valid tenant is not schema-checked again). Entries carry a
magic header, their own name and a MAC of each part, keyed with this user's cache key, checked
before anything is read from them: a truncated, corrupt, foreign or forged entry is a miss (the
file is parsed and the entry rewritten), never an error and never trusted. Parts are written
with `marshal` (plain data only: dicts, lists, strings, numbers), several times faster to read
back than parsing.

Trust (issue 20): the folder is in the working tree, so anyone who can commit can put files
there (`git add -f`). An entry is believed only if it carries a MAC made with the key of
acdplan/load/cache_key.py, which lives outside the working tree ($XDG_CACHE_HOME/acdplan or
~/.cache/acdplan, mode 0600) and is never committed: a committed entry is a miss. Entries and
the folders above them are opened through directory descriptors with O_NOFOLLOW (a symlinked
`.acdplan/cache`, `parse/` or entry is never read or written through), only regular files are
read, and never more than a bound derived from the text's size.

Entries no run used for UNUSED_DAYS are removed when a run writes new ones. (The state and
sandbox JSON a plan reads are not cached: reading them with their documents kept as text,
acdplan/encoded.py, is faster than reading back a decoded copy.)

Where: the project's `.acdplan/cache/` (the folder `acdplan` runs in, beside `.acdplan/state/`),
marked with CACHEDIR.TAG and a `.gitignore` of its own. The CLI turns it on (`--no-cache` turns
it off); a library caller opts in with `use_parse_cache(project_cache(root))`.
"""
from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import secrets
import stat
import struct
import sys
import time
from array import array
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from acdplan import __version__
from acdplan.diagnostics import Diagnostic, Location, Severity
from acdplan.load.cache_key import cache_key
from acdplan.load.positions import SourceMap, source_map_from_arrays

CACHE_DIR = ".acdplan/cache"
FORMAT = 2  # 2: parts authenticated with the user's key (1 had an unkeyed checksum)
MAGIC = b"acdplan parse cache %d\n" % FORMAT
_PARTS = 3  # marshalled (data, diagnostics), key positions, value positions
_PART_HEADER = struct.Struct("<Q16s")  # length, keyed blake2b-128 of (entry name, part number, part)
_ENTRY_OVERHEAD = 64 * 1024  # an entry is at most this plus _ENTRY_PER_TEXT_BYTE per byte of its text
_ENTRY_PER_TEXT_BYTE = 64  # marshalled data and the position arrays of the densest YAML stay well below
_OPEN_DIRECTORY = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_OPEN_ENTRY = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC  # NONBLOCK: a FIFO never blocks
_KEY_BYTES = 64  # the entry's name, hex
UNUSED_DAYS = 14  # an entry no run used for this long is removed when a run writes new ones
_TOUCH_AFTER_S = 86_400  # a used entry's time is refreshed at most once a day


@dataclass(slots=True)
class CachedParse:
    data: object
    diagnostics: list[Diagnostic]
    schema_valid: bool  # the file is valid against the spec schema on its own (schema_check.file_is_valid)


@cache
def _salt() -> bytes:
    """Everything besides the text that a parse result depends on."""
    import yaml

    here = Path(__file__).resolve().parent
    parser_source = hashlib.sha256()
    for module in ("yaml_source.py", "positions.py", "cache.py"):
        parser_source.update((here / module).read_bytes())
    schemas = here.parent / "schema"  # an entry also says whether the file is valid against them
    for schema in sorted(schemas.glob("*.json")):
        parser_source.update(schema.name.encode() + b"\0" + schema.read_bytes())
    return "\0".join((
        "acdplan", __version__, parser_source.hexdigest(), yaml.__version__, str(yaml.__with_libyaml__),
        sys.implementation.cache_tag, str(marshal.version), sys.byteorder, str(array("I").itemsize), str(FORMAT),
    )).encode()


def interned(node):
    """`node` with every string in it (keys and values) interned, in place.

    marshal writes an interned string once and reads it back interned: the thousands of equal
    names, roles and dates of a tenant then share one object, in one document and across the
    spec, the state and the sandbox, which a large plan feels (L: 46 -> 25 MB for the state and
    tenant files, and faster to read back).
    """
    intern, stack = sys.intern, [node]
    while stack:
        current = stack.pop()
        if current.__class__ is dict:
            items = [(intern(k) if k.__class__ is str else k, intern(v) if v.__class__ is str else v)
                     for k, v in current.items()]
            current.clear()
            current.update(items)
            stack.extend(v for _, v in items if v.__class__ is dict or v.__class__ is list)
        elif current.__class__ is list:
            for index, value in enumerate(current):
                if value.__class__ is str:
                    current[index] = intern(value)
                elif value.__class__ is dict or value.__class__ is list:
                    stack.append(value)
    return node


def _checksum(secret: bytes, name: str, index: int, part: bytes) -> bytes:
    """The part's MAC: keyed, and bound to its entry and place (a part moved elsewhere fails)."""
    digest = hashlib.blake2b(digest_size=16, key=secret)
    digest.update(f"{name}:{index}:".encode("ascii"))
    digest.update(part)
    return digest.digest()


class ParseCache:
    """Entries under `<directory>/parse/`, one file each, written atomically."""

    def __init__(self, directory: str | os.PathLike, *, anchor: str | os.PathLike | None = None,
                 folder: str = "parse"):
        self.directory = Path(directory)
        self.entries = self.directory / folder  # `digests/` holds acdplan/digests.py's entries, alike
        # The folder trusted as it is; every folder below it, down to `parse/`, is opened without
        # following a symlink (the project's root: `.acdplan` and `cache` are checked too).
        self.anchor = Path(anchor) if anchor is not None else self.directory.parent
        self.components = (*self.directory.relative_to(self.anchor).parts, folder)
        self.written = 0
        self._secret: bytes | None = None  # this user's key, read on first use (None then: no cache)
        self._secret_read = False
        self._text_sizes: dict[str, int] = {}  # key -> its text's size: the bound of its entry
        self._siblings: dict[str, ParseCache] = {}

    @property
    def secret(self) -> bytes | None:
        if not self._secret_read:
            self._secret, self._secret_read = cache_key(self.directory), True
        return self._secret

    def sibling(self, folder: str) -> ParseCache:
        """The entries of another folder beside these (acdplan/digests.py's `digests/`): the same
        checks, the same key."""
        found = self._siblings.get(folder)
        if found is None:
            found = self._siblings[folder] = ParseCache(self.directory, anchor=self.anchor, folder=folder)
            found._secret, found._secret_read = self.secret, True
        return found

    def key(self, text: bytes, limits) -> str:
        digest = hashlib.sha256(_salt())
        digest.update(f"\0{limits!r}\0".encode())  # every input limit: a parse refused under one may pass another
        digest.update(text)
        name = digest.hexdigest()
        self._text_sizes[name] = len(text)
        return name

    def _path(self, name: str) -> Path:
        return self.entries / f"{name}.bin"

    def _directory(self, create: bool) -> int | None:
        """A descriptor of `parse/`, reached without following a symlink at `.acdplan`, `cache` or
        `parse` (None when one is a symlink, not a folder, or missing and not `create`)."""
        try:
            current = os.open(self.anchor, _OPEN_DIRECTORY & ~os.O_NOFOLLOW)  # the project folder may be a link
        except OSError:
            return None
        try:
            for depth, part in enumerate(self.components, 1):
                if create:
                    with contextlib.suppress(FileExistsError):
                        os.mkdir(part, 0o755, dir_fd=current)
                following = os.open(part, _OPEN_DIRECTORY, dir_fd=current)
                os.close(current)
                current = following
                if create and depth == len(self.components) - 1:  # the cache folder itself
                    self._mark(current)
        except OSError:
            os.close(current)
            return None
        return current

    @staticmethod
    def _mark(directory: int) -> None:
        """`.gitignore` and CACHEDIR.TAG in the cache folder (made once, never through a link)."""
        for name, text in ((".gitignore", "# Made by acdplan: the parse cache.\n*\n"),
                           ("CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n"
                            "# This folder is a cache made by acdplan; see https://bford.info/cachedir/\n")):
            try:
                descriptor = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                                     0o644, dir_fd=directory)
            except FileExistsError:
                continue
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(text)

    def _read_entry(self, name: str) -> tuple[bytes, float] | None:
        """The bytes of entry `name` and its modification time: a regular file, within its bound."""
        limit = _ENTRY_OVERHEAD + _ENTRY_PER_TEXT_BYTE * self._text_sizes.get(name, 0)
        directory = self._directory(create=False)
        if directory is None:
            return None
        try:
            descriptor = os.open(f"{name}.bin", _OPEN_ENTRY, dir_fd=directory)
        except OSError:
            return None
        finally:
            os.close(directory)
        try:
            status = os.fstat(descriptor)
            if not stat.S_ISREG(status.st_mode) or status.st_size > limit:
                return None
            chunks, size = [], 0
            while size <= limit:
                chunk = os.read(descriptor, min(1 << 20, limit + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            if size > limit:
                return None
            return b"".join(chunks), status.st_mtime
        except OSError:
            return None
        finally:
            os.close(descriptor)

    def _parts(self, key: str, name: str | None = None) -> list[bytes] | None:
        """The parts of entry `name` (default: `key`) when it is whole, made with this user's key,
        and is the entry for `key`."""
        name = name or key
        secret = self.secret
        if secret is None:
            return None
        read = self._read_entry(name)
        if read is None:
            return None
        blob, modified = read
        header = len(MAGIC) + _KEY_BYTES
        if blob[:len(MAGIC)] != MAGIC or blob[len(MAGIC):header] != key.encode("ascii"):
            return None
        offset = header + _PARTS * _PART_HEADER.size
        if len(blob) < offset:
            return None
        parts = []
        for index in range(_PARTS):
            length, checksum = _PART_HEADER.unpack_from(blob, header + index * _PART_HEADER.size)
            part = blob[offset:offset + length]
            if len(part) != length or not secrets.compare_digest(_checksum(secret, key, index, part), checksum):
                return None
            parts.append(part)
            offset += length
        if offset != len(blob):
            return None
        if time.time() - modified > _TOUCH_AFTER_S:
            with contextlib.suppress(OSError, NotImplementedError):
                os.utime(self._path(name), follow_symlinks=False)
        return parts

    def load(self, key: str, file: str) -> CachedParse | None:
        """What parsing the text named `key` produced, its diagnostics placed in `file`; None on a miss."""
        parts = self._parts(key)
        if parts is None:
            return None
        try:
            data, diagnostics, schema_valid = marshal.loads(parts[0])
            if schema_valid.__class__ is not bool or not (data is None or data.__class__ in (dict, list)):
                return None  # not what a parse makes (only a leaked key could make it): a miss
            return CachedParse(data, [_diagnostic(record, file) for record in diagnostics], schema_valid)
        except Exception:  # an entry of any other shape is a miss, whatever it holds
            return None

    def source_map(self, key: str, file: str) -> SourceMap | None:
        parts = self._parts(key)
        if parts is None:
            return None
        try:
            data, _, _ = marshal.loads(parts[0])
            key_positions, value_positions = array("I"), array("I")
            key_positions.frombytes(parts[1])
            value_positions.frombytes(parts[2])
            return source_map_from_arrays(data, file, key_positions, value_positions)
        except Exception:  # an entry of any other shape is a miss, whatever it holds
            return None

    def store(self, key: str, data, diagnostics: list[Diagnostic], position_arrays, schema_valid: bool) -> bool:
        """Write the entry (atomically: a reader sees the whole entry or none); False if it cannot be."""
        try:
            parts = [marshal.dumps((interned(data), [_record(d) for d in diagnostics], bool(schema_valid))),
                     position_arrays[0].tobytes(), position_arrays[1].tobytes()]
        except ValueError:  # data marshal cannot write: nothing parsed from YAML, but never fail a run for it
            return False
        return self._write(key, key, parts)

    def _write(self, name: str, key: str, parts: list[bytes]) -> bool:
        secret = self.secret
        if secret is None:
            return False  # no key of this user's: nothing is cached rather than something unauthenticated
        header = MAGIC + key.encode("ascii") + b"".join(
            _PART_HEADER.pack(len(part), _checksum(secret, key, index, part)) for index, part in enumerate(parts))
        directory = self._directory(create=True)
        if directory is None:
            return False  # a read-only project, or a linked cache folder: validates and plans, uncached
        temporary = f".tmp-{secrets.token_hex(8)}"
        try:
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                                 0o644, dir_fd=directory)
            try:
                with os.fdopen(descriptor, "wb") as handle:
                    handle.write(header)
                    for part in parts:
                        handle.write(part)
                os.replace(temporary, f"{name}.bin", src_dir_fd=directory, dst_dir_fd=directory)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary, dir_fd=directory)
                raise
        except OSError:
            return False  # a full disk or a read-only project: the run goes on without the cache
        finally:
            os.close(directory)
        self.written += 1
        return True

    def prune(self) -> None:
        """Remove entries no run has used for UNUSED_DAYS (called after a run wrote new entries)."""
        if not self.written:
            return
        limit = time.time() - UNUSED_DAYS * 86_400
        directory = self._directory(create=False)
        if directory is None:
            return
        try:
            with os.scandir(directory) as found:
                for entry in found:
                    try:
                        if entry.stat(follow_symlinks=False).st_mtime < limit:
                            os.unlink(entry.name, dir_fd=directory)
                    except OSError:
                        pass
        except OSError:
            pass
        finally:
            os.close(directory)


def _record(diagnostic: Diagnostic) -> tuple:
    """A parser diagnostic without its file name (the same text may be another file next time)."""
    return (diagnostic.rule, diagnostic.severity.value, diagnostic.message, diagnostic.line, diagnostic.column,
            diagnostic.path, diagnostic.fact, [(r.line, r.column) for r in diagnostic.related])


def _diagnostic(record: tuple, file: str) -> Diagnostic:
    rule, severity, message, line, column, path, fact, related = record
    if not (rule.__class__ is str and message.__class__ is str and line.__class__ in (int, type(None))
            and column.__class__ in (int, type(None)) and path.__class__ in (tuple, list)
            and (fact is None or fact.__class__ is str)):
        raise TypeError("not a diagnostic record")
    return Diagnostic(rule, Severity(severity), message, file, line, column, tuple(path), fact,
                      tuple(Location(file, *place) for place in related))


# ----- the process-wide setting the CLI makes ---------------------------------------------------
_current: ParseCache | None = None
_file_check = None  # data of one file -> whether it is valid on its own, in a way any merge keeps


def register_file_check(check) -> None:
    """Set the check whose verdict an entry keeps (acdplan/validate/schema_check.py registers its own)."""
    global _file_check
    _file_check = check


def file_check():
    return _file_check


def project_cache(root: str | os.PathLike) -> ParseCache:
    """The cache of the project whose folder is `root` (where acdplan.yaml is, or would be);
    its entries are authenticated with this user's key (acdplan/load/cache_key.py)."""
    return ParseCache(Path(root) / CACHE_DIR, anchor=root)


def use_parse_cache(parse_cache: ParseCache | None) -> ParseCache | None:
    """Make `parse_cache` (None: none) the one loading uses by default; returns the previous one."""
    global _current
    previous, _current = _current, parse_cache
    return previous


def current_parse_cache() -> ParseCache | None:
    return _current
