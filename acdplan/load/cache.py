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
magic header, their own name and a checksum of each part, checked before anything is read
from them: a truncated, corrupt or foreign entry is a miss (the file is parsed and the entry
rewritten), never an error and never trusted. Parts are written with `marshal` (plain data
only: dicts, lists, strings, numbers), several times faster to read back than parsing.

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
import struct
import sys
import tempfile
import time
from array import array
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from acdplan import __version__
from acdplan.diagnostics import Diagnostic, Location, Severity
from acdplan.load.positions import SourceMap, source_map_from_arrays

CACHE_DIR = ".acdplan/cache"
FORMAT = 1
MAGIC = b"acdplan parse cache %d\n" % FORMAT
_PARTS = 3  # marshalled (data, diagnostics), key positions, value positions
_PART_HEADER = struct.Struct("<Q16s")  # length, blake2b-128 of the part
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


def _checksum(part: bytes) -> bytes:
    return hashlib.blake2b(part, digest_size=16).digest()


class ParseCache:
    """Entries under `<directory>/parse/`, one file each, written atomically."""

    def __init__(self, directory: str | os.PathLike):
        self.directory = Path(directory)
        self.entries = self.directory / "parse"
        self.written = 0

    def key(self, text: bytes, limits) -> str:
        digest = hashlib.sha256(_salt())
        digest.update(f"\0{limits!r}\0".encode())  # every input limit: a parse refused under one may pass another
        digest.update(text)
        return digest.hexdigest()

    def _path(self, name: str) -> Path:
        return self.entries / f"{name}.bin"

    def _parts(self, key: str, name: str | None = None) -> list[bytes] | None:
        """The parts of entry `name` (default: `key`) when it is whole and is the entry for `key`."""
        name = name or key
        try:
            with open(self._path(name), "rb") as handle:
                blob = handle.read()
                modified = os.fstat(handle.fileno()).st_mtime
        except OSError:
            return None
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
            if len(part) != length or _checksum(part) != checksum:
                return None
            parts.append(part)
            offset += length
        if offset != len(blob):
            return None
        if time.time() - modified > _TOUCH_AFTER_S:
            with contextlib.suppress(OSError):
                os.utime(self._path(name))
        return parts

    def load(self, key: str, file: str) -> CachedParse | None:
        """What parsing the text named `key` produced, its diagnostics placed in `file`; None on a miss."""
        parts = self._parts(key)
        if parts is None:
            return None
        try:
            data, diagnostics, schema_valid = marshal.loads(parts[0])
            return CachedParse(data, [_diagnostic(record, file) for record in diagnostics], schema_valid is True)
        except (ValueError, TypeError, EOFError, KeyError):
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
        except (ValueError, TypeError, EOFError, IndexError):
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
        header = MAGIC + key.encode("ascii") + b"".join(_PART_HEADER.pack(len(p), _checksum(p)) for p in parts)
        try:
            self._prepare()
            descriptor, temporary = tempfile.mkstemp(dir=self.entries, prefix=".tmp-")
            try:
                with os.fdopen(descriptor, "wb") as handle:
                    handle.write(header)
                    for part in parts:
                        handle.write(part)
                os.replace(temporary, self._path(name))
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError:
            return False  # a read-only project still validates and plans, only without the cache
        self.written += 1
        return True

    def _prepare(self) -> None:
        if self.entries.is_dir():
            return
        self.entries.mkdir(parents=True, exist_ok=True)
        (self.directory / ".gitignore").write_text("# Made by acdplan: the parse cache.\n*\n", encoding="utf-8")
        (self.directory / "CACHEDIR.TAG").write_text(
            "Signature: 8a477f597d28d172789f06886806bc55\n"
            "# This folder is a cache made by acdplan; see https://bford.info/cachedir/\n", encoding="utf-8")

    def prune(self) -> None:
        """Remove entries no run has used for UNUSED_DAYS (called after a run wrote new entries)."""
        if not self.written:
            return
        limit = time.time() - UNUSED_DAYS * 86_400
        try:
            with os.scandir(self.entries) as found:
                for entry in found:
                    try:
                        if entry.stat().st_mtime < limit:
                            os.unlink(entry.path)
                    except OSError:
                        pass
        except OSError:
            pass


def _record(diagnostic: Diagnostic) -> tuple:
    """A parser diagnostic without its file name (the same text may be another file next time)."""
    return (diagnostic.rule, diagnostic.severity.value, diagnostic.message, diagnostic.line, diagnostic.column,
            diagnostic.path, diagnostic.fact, [(r.line, r.column) for r in diagnostic.related])


def _diagnostic(record: tuple, file: str) -> Diagnostic:
    rule, severity, message, line, column, path, fact, related = record
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
    """The cache of the project whose folder is `root` (where acdplan.yaml is, or would be)."""
    return ParseCache(Path(root) / CACHE_DIR)


def use_parse_cache(parse_cache: ParseCache | None) -> ParseCache | None:
    """Make `parse_cache` (None: none) the one loading uses by default; returns the previous one."""
    global _current
    previous, _current = _current, parse_cache
    return previous


def current_parse_cache() -> ParseCache | None:
    return _current
