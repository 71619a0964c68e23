"""Read a folder of spec files (rendering templates) and merge them into one document.

Every section is a mapping keyed by name, so merging is a union; a name declared in two
files is YM002 naming both places, like a duplicate key across files.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import cast

from acdplan.diagnostics import Diagnostic, Location, Severity
from acdplan.load.buffers import buffered
from acdplan.load.cache import ParseCache, current_parse_cache, file_check
from acdplan.load.discovery import SPEC_SUFFIXES, display_path, find_spec_files  # noqa: F401  (re-exported)
from acdplan.load.positions import LazySourceMap, SourceMap
from acdplan.load.yaml_source import POSITION_ARRAYS, Limits, parse_yaml
from acdplan.render.budget import LineMap, RenderBudget, RenderLimits
from acdplan.sensitive import SENSITIVE_TAG

SENSITIVE_TAG_BYTES = SENSITIVE_TAG.encode()

SINGLETON_SECTIONS = frozenset({"tenant", "removed"})  # one file says it whole (YM002 in a second)
_CURRENT = object()  # load_spec_folder(cache=...): the process-wide setting (acdplan.load.cache)


@dataclass(slots=True)
class LoadedSpec:
    """The merged spec document, where each node came from, and what loading found."""

    data: dict = field(default_factory=dict)
    sources: LazySourceMap = field(default_factory=LazySourceMap)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    digest: hashlib._Hash = field(default_factory=hashlib.sha256, repr=False)  # of every file as parsed
    # Every file merged into `data` is known valid against the spec schema on its own (from the
    # parse cache), so the merge is too: the schema check has nothing to do.
    files_schema_valid: bool = False

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)

    @property
    def spec_hash(self) -> str:
        """What a saved plan records of its specs: every file's path and (rendered) text."""
        return "sha256:" + self.digest.hexdigest()


def spec_files(root: FsPath) -> list[FsPath]:
    """The spec files under `root` (kept for callers that only need the list; errors dropped)."""
    return find_spec_files(FsPath(root), allow_symlinks_outside=True).files


def load_spec_folder(
    root: str | os.PathLike, variables: dict | None = None, limits: Limits = Limits(),
    allow_symlinks_outside: bool = False, cache: ParseCache | object | None = _CURRENT,
) -> LoadedSpec:
    """Load every spec file under `root` (or `root` itself if it is a file), in sorted path order.

    Loading is total or refused: any spec file that cannot be read stops the run (see discovery).
    With a parse cache (by default the one `use_parse_cache` set, as the CLI does), a plain file
    whose text was parsed before is read from the cache instead of parsed again.
    """
    root = FsPath(root)
    # any cache but the _CURRENT sentinel is what the signature allows: a ParseCache or None
    parse_cache = current_parse_cache() if cache is _CURRENT else cast("ParseCache | None", cache)
    spec = LoadedSpec(files_schema_valid=parse_cache is not None)
    found = find_spec_files(root, allow_symlinks_outside)
    spec.diagnostics.extend(found.diagnostics)
    if found.diagnostics:
        return spec
    budget = RenderBudget(RenderLimits(limits.max_file_bytes, limits.max_template_seconds, limits.max_render_seconds,
                                       limits.max_template_memory_bytes),
                          root if root.is_dir() else root.parent, allow_symlinks_outside)
    for path in found.files:
        name = display_path(path)
        spec.files.append(name)
        loaded = _load_file(path, name, variables or {}, limits, spec, budget, parse_cache)
        if loaded is not None:
            parsed, text = loaded
            spec.digest.update(f"{name}\0{len(text)}\0".encode())
            spec.digest.update(text.encode("utf-8") if isinstance(text, str) else text)
            index = spec.sources.add_file(parsed.positions, name)
            spec.files_schema_valid = spec.files_schema_valid and parsed.schema_valid
            _merge(spec, cast(dict, parsed.data), index, name)  # _checked let through only a mapping
    if parse_cache is not None:
        parse_cache.prune()
    return spec


@dataclass(slots=True)
class _Parsed:
    """One file's data and parser diagnostics, and how to find its positions when asked."""

    data: object
    diagnostics: list[Diagnostic]
    positions: Callable[[], SourceMap]  # returns the file's SourceMap
    schema_valid: bool = False  # valid against the spec schema on its own (known only with a cache)


def _positions_of(text: str | bytes, name: str, limits: Limits, lines: LineMap | None):
    """The file's source map, made when first asked: parse again, this time recording positions
    (a template's positions are moved back to the lines the user wrote)."""
    if lines is None:
        return lambda: parse_yaml(text, name, limits).sources
    return lambda: _moved(parse_yaml(text, name, limits).sources, lines)


def _moved(sources: SourceMap, lines: LineMap) -> SourceMap:
    """A rendered template's positions moved to the template lines they came from."""
    moved = SourceMap()
    moved.keys = {path: lines.position(where) for path, where in sources.keys.items()}
    moved.values = {path: lines.position(where) for path, where in sources.values.items()}
    return moved


def _cached_positions_of(parse_cache: ParseCache, key: str, path: FsPath, name: str, limits: Limits):
    """The file's source map from its cache entry; parsed again should the entry be gone meanwhile.

    The file is held as its path, not its bytes: a large tenant's text is not kept for the rare
    diagnostic that needs it. Read again then, it is parsed only if it is still the text that
    was loaded (same cache key); an edit made during the run leaves the finding unplaced.
    """
    def positions() -> SourceMap:
        found = parse_cache.source_map(key, name)
        if found is not None:
            return found
        try:
            source = path.read_bytes()
        except OSError:
            return SourceMap()
        return parse_yaml(source, name, limits).sources if parse_cache.key(source, limits) == key else SourceMap()

    return positions


def _parse_cached(raw: bytes, path: FsPath, name: str, limits: Limits, parse_cache: ParseCache) -> _Parsed:
    """A plain file's data from the cache, or parsed (with positions as arrays) and stored there."""
    if SENSITIVE_TAG_BYTES in raw:  # parsing marks its values (acdplan/sensitive.py), and no cache holds them
        return _parsed_uncached(raw, name, limits)
    key = parse_cache.key(raw, limits)
    positions = _cached_positions_of(parse_cache, key, path, name, limits)
    hit = parse_cache.load(key, name)
    if hit is not None:
        return _Parsed(hit.data, hit.diagnostics, positions, hit.schema_valid)
    parsed = parse_yaml(raw, name, limits, positions=POSITION_ARRAYS)
    if parsed.sensitive:  # the tag spelled otherwise (`!sensitiv%65`, a %TAG handle): never stored either
        return _parsed_uncached(raw, name, limits, parsed)
    valid = _schema_valid(parsed.data)
    if parsed.position_arrays is not None:  # stored before the merge adds other files' objects to the data
        parse_cache.store(key, parsed.data, parsed.diagnostics, parsed.position_arrays, valid)
    return _Parsed(parsed.data, parsed.diagnostics, positions, valid)


def _parsed_uncached(raw: bytes, name: str, limits: Limits, parsed=None) -> _Parsed:
    """A file holding sensitive values: parsed on every run (which marks them), never cached."""
    parsed = parsed or parse_yaml(raw, name, limits)
    return _Parsed(parsed.data, parsed.diagnostics, _positions_of(raw, name, limits, None), _schema_valid(parsed.data))


def _schema_valid(data) -> bool:
    """Checked once, when the file is parsed, and kept with it: the checks of the merge that later
    runs would make are then already done. The check is the validate stage's, which registers
    it (cache.register_file_check), so that loading does not depend on validating."""
    check = file_check()
    return isinstance(data, dict) and check is not None and check(data)


def _load_file(path: FsPath, name: str, variables: dict, limits: Limits, spec: LoadedSpec, budget: RenderBudget,
               parse_cache: ParseCache | None = None) -> tuple[_Parsed, str | bytes] | None:
    try:
        raw = buffered(path)  # an editor's unsaved text (acdplan/lsp), else the file on disk
        size = path.stat().st_size if raw is None else len(raw)
        if size > limits.max_file_bytes:
            spec.diagnostics.append(
                Diagnostic("YM004", Severity.ERROR,
                           f"file is {size:,} bytes, over the limit of {limits.max_file_bytes:,} bytes", name, 1, 1)
            )
            return None
        raw = path.read_bytes() if raw is None else raw
    except OSError as error:
        spec.diagnostics.append(Diagnostic("YM001", Severity.ERROR, f"cannot read the file: {error.strerror}", name, 1, 1))
        return None
    if parse_cache is not None and not name.endswith(".j2"):
        # A template is rendered (bounded, in a child process) and parsed on every run; a plain
        # file's bytes that were parsed before were valid UTF-8 then, and are not decoded again.
        try:
            raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass  # reported below, exactly as without the cache
        else:
            return _checked(_parse_cached(raw, path, name, limits, parse_cache), name, spec, raw)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        spec.diagnostics.append(
            Diagnostic("YM001", Severity.ERROR, "the file is not valid UTF-8 text", name, line, column)
        )
        return None
    lines = None
    if name.endswith(".j2"):
        rendered = budget.render(text, name, variables)
        spec.diagnostics.extend(rendered.diagnostics)
        if rendered.text is None:
            return None
        text, lines = rendered.text, rendered.lines
    parsed = parse_yaml(text, name, limits, positions=False)
    diagnostics = lines.diagnostics(parsed.diagnostics) if lines else parsed.diagnostics
    # A plain file is read again from its bytes when positions are needed; a template keeps
    # its rendered text (re-rendering could differ, and would need the variables).
    kept = text if name.endswith(".j2") else raw
    return _checked(_Parsed(parsed.data, diagnostics, _positions_of(kept, name, limits, lines)), name, spec, kept)


def _checked(parsed: _Parsed, name: str, spec: LoadedSpec, text: str | bytes) -> tuple[_Parsed, str | bytes] | None:
    spec.diagnostics.extend(parsed.diagnostics)
    if parsed.data is None:
        return None
    if not isinstance(parsed.data, dict):
        spec.diagnostics.append(
            Diagnostic("SC001", Severity.ERROR,
                       f"a spec file must be a mapping of sections (tenant, skills, channels, ...), "
                       f"not {_kind(parsed.data)}", name, *_first(parsed.positions(), ()))
        )
        return None
    return parsed, text


def _merge(spec: LoadedSpec, data: dict, file_index: int, file: str) -> None:
    """Union the file's sections into the spec; the first declaration of a name wins."""
    merged, sources = spec.data, spec.sources
    twice: list[tuple] = []
    for section, value in data.items():
        sources.claim((section,), file_index)
        if section not in merged:
            merged[section] = value
            if isinstance(value, dict) and section not in SINGLETON_SECTIONS:
                for name in value:
                    sources.claim((section, name), file_index)
        elif section == "acdplan":
            continue
        elif section in SINGLETON_SECTIONS:
            twice.append((section,))
        elif isinstance(merged[section], dict) and isinstance(value, dict):
            existing = merged[section]
            for name, body in value.items():
                if name in existing:
                    twice.append((section, name))
                else:
                    existing[name] = body
                    sources.claim((section, name), file_index)
        # else: a section of the wrong shape, which the schema check reports
    for path in twice:
        _declared_twice(spec, path, spec.sources.files[file_index]().key(path), file)

def _declared_twice(spec: LoadedSpec, path: tuple, second: Location | None, second_file: str) -> None:
    first = spec.sources.key(path)
    what = " ".join(str(p) for p in path)
    spec.diagnostics.append(
        Diagnostic(
            "YM002", Severity.ERROR,
            f"{what!r} is declared in two files: first at {first}, again in {second_file}; declare each object once",
            second_file, second.line if second else 1, second.column if second else 1,
            path, related=(first,) if first else (),
        )
    )


def _kind(value) -> str:
    return {list: "a list", str: "text", int: "a number", float: "a number", bool: "a boolean"}.get(
        type(value), "empty"
    )


def _first(sources: SourceMap, path) -> tuple[int, int]:
    location: Location | None = sources.locate(path)
    return (location.line, location.column) if location else (1, 1)
