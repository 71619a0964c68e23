"""`acdplan fmt`: spec files in one canonical layout, comments kept (as `terraform fmt`).

The layout only touches whitespace and indentation: mappings indented by 2, list items by 2
under their key with the dash inside the indent, lines up to 100 characters, one newline at the
end, no trailing spaces. Keys keep their order, flow mappings (`{a: 1}`) stay flow, quotes stay as
written, comments stay where they are: ruamel.yaml's round trip keeps all of that. Tags stay
(`!sensitive`), and every plain scalar is written back as written (`~`, `+12`, `-0`, `0x1F`,
`yes`): the round trip reads plain scalars as text, never as numbers or booleans it would write
in its own way. The data never changes (tests compare it, tags included, before and after).
Templates (`*.j2`) are Jinja, not YAML: left alone.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import ScalarNode, SequenceNode
from ruamel.yaml.parser import ParserError
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scanner import ScannerError

from acdplan.diagnostics import Diagnostic, Severity

YAML_SUFFIXES = (".yaml", ".yml")
_BLOCK_SCALAR = re.compile(r"(:|^\s*-)\s+(&\S+\s+)?(![^\s]*\s+)?[|>][-+0-9]*\s*(#.*)?$")
MAX_BYTES = 5 * 1024 * 1024  # as the loader's limit for a spec file (YM004)


@dataclass(slots=True)
class Formatted:
    path: Path
    original: str
    formatted: str | None = None  # None: could not be read as YAML (see diagnostic)
    diagnostic: Diagnostic | None = None

    @property
    def changed(self) -> bool:
        return self.formatted is not None and self.formatted != self.original


class _AsWritten(VersionedResolver):
    """No implicit types but the merge key: a plain scalar is text, so it is dumped as it was read."""

    @property
    def versioned_resolver(self):
        return _MERGE_ONLY


_MERGE_ONLY = {"<": [("tag:yaml.org,2002:merge", re.compile("^(?:<<)$"))]}


class _TaggedData(SafeConstructor):
    """The data a file holds, a tagged value as (tag, value): a tag is data that fmt must keep."""


def _tagged(constructor, suffix, node):
    tag = node.tag
    if isinstance(node, ScalarNode):
        return (tag, constructor.construct_scalar(node))
    if isinstance(node, SequenceNode):
        return (tag, constructor.construct_sequence(node, deep=True))
    return (tag, constructor.construct_mapping(node, deep=True))


_TaggedData.add_multi_constructor("!", _tagged)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Resolver = _AsWritten
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 100
    yaml.allow_duplicate_keys = False
    return yaml


class FormatError(ValueError):
    """ruamel.yaml could not read the file (its resolver fails on some odd plain scalars, `._` or
    `-_`): the file is left as it is."""


def format_text(text: str) -> str:
    """The canonical layout of one YAML document stream (raises YAMLError when it is not YAML,
    FormatError when ruamel.yaml fails on it)."""
    yaml = _yaml()
    try:
        return _format(yaml, text)
    except (ParserError, ScannerError) as error:
        if _pyyaml_reads(text):  # valid YAML that ruamel.yaml's parser cannot read: left as it is
            raise FormatError(f"ruamel.yaml cannot read it: {str(error).splitlines()[0]}") from None
        raise


def _format(yaml, text: str) -> str:
    try:
        documents = list(yaml.load_all(text))
        original = _data(text)  # ruamel.yaml's own reading of the scalars fails on some (`._`: a float)
    except YAMLError:
        raise
    except (ValueError, IndexError, TypeError, AttributeError) as error:
        raise FormatError(f"{type(error).__name__}: {error}") from None
    if not documents:
        return text.strip() + "\n" if text.strip() else ""
    out = io.StringIO()
    yaml.explicit_start = len(documents) > 1 or text.lstrip().startswith("---")
    yaml.dump_all(documents, out)
    dumped = out.getvalue()
    for candidate in (_tidy(dumped), dumped):  # tidying must never touch data (block scalars, quoted breaks)
        if _data(candidate) == original:
            return candidate
    raise FormatError("the round trip would change the data (a line break character ruamel.yaml writes raw)")


def _pyyaml_reads(text: str) -> bool:
    import yaml as pyyaml

    try:
        for _ in pyyaml.safe_load_all(text):
            pass
    except pyyaml.YAMLError:
        return False
    return True


def _tidy(text: str) -> str:
    """What the round trip leaves as written: trailing spaces, runs of blank lines (one kept), and a
    comment line's indent (it takes the indent of the line it introduces)."""
    lines = text.splitlines()
    result: list[str] = []
    block_parent = None  # indent of the key whose block scalar (| or >) is being copied as is
    for index, line in enumerate(lines):
        indent = len(line) - len(line.lstrip())
        if block_parent is not None and (not line.strip() or indent > block_parent):
            result.append(line)
            continue
        block_parent = indent if _BLOCK_SCALAR.search(line) else None
        line = line.rstrip()
        if not line and (not result or not result[-1]):
            continue
        if line.lstrip().startswith("#"):
            following = next((n for n in lines[index + 1:] if n.strip() and not n.lstrip().startswith("#")), None)
            if following is not None:
                line = " " * (len(following) - len(following.lstrip())) + line.lstrip()
        result.append(line)
    return "\n".join(result).strip("\n") + "\n"


def _data(text: str):
    yaml = YAML(typ="safe", pure=True)
    yaml.Constructor = _TaggedData
    return list(yaml.load_all(text))


def spec_files(paths: list[Path]) -> list[Path]:
    """The YAML files among `paths` (folders searched recursively), sorted; templates left out."""
    found = []
    for path in paths:
        if path.is_dir():
            found += [p for p in path.rglob("*") if p.is_file() and p.name.endswith(YAML_SUFFIXES)]
        elif path.name.endswith(YAML_SUFFIXES):
            found.append(path)
    return sorted(set(found))


def format_file(path: Path) -> Formatted:
    try:
        raw = path.read_bytes()
        if len(raw) > MAX_BYTES:
            return Formatted(path, "", diagnostic=_error(path, f"file over {MAX_BYTES} bytes: not formatted", 1, 1))
        original = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return Formatted(path, "", diagnostic=_error(path, f"cannot read: {error}", 1, 1))
    try:
        return Formatted(path, original, format_text(original))
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return Formatted(path, original, diagnostic=_error(path, f"not formatted: {error.problem or error}", line, column))
    except (YAMLError, RecursionError, FormatError) as error:
        return Formatted(path, original, diagnostic=_error(path, f"not formatted: {str(error)[:200]}", 1, 1))


def _error(path: Path, message: str, line: int, column: int) -> Diagnostic:
    return Diagnostic("YM001", Severity.ERROR, message, str(path), line, column)
