"""Parse one YAML text safely into plain data plus the position of every key and value.

Why not `yaml.safe_load`: it forgets positions, silently keeps the last of two duplicate
keys, reads `yes`/`no`/`on`/`off` as booleans and `10:00` as a number (YAML 1.1), and expands
alias bombs until memory runs out. Here the C parser only composes the node graph (fast, and
safe: no object is ever constructed from a tag); then the graph is measured (size after alias
expansion, nesting depth, cycles) before one iterative walk builds the data.
"""

from __future__ import annotations

import math
import operator
import re
from array import array
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import product
from typing import cast

import yaml
import yaml.cyaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from acdplan import sensitive
from acdplan.diagnostics import Diagnostic, Location, Severity
from acdplan.load.positions import Path, SourceMap

BOOL_TAG = "tag:yaml.org,2002:bool"
INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
NULL_TAG = "tag:yaml.org,2002:null"
STR_TAG = "tag:yaml.org,2002:str"
MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"
MERGE_TAG = "tag:yaml.org,2002:merge"
SENSITIVE_TAG = sensitive.SENSITIVE_TAG

YAML11_BOOLEAN_WORDS = frozenset({"yes", "no", "on", "off", "y", "n"})
# Every spelling whose lower case is one of them (yES, On, ...): one set lookup instead of lower() and a lookup.
YAML11_BOOLEAN_SPELLINGS = frozenset(
    "".join(letters) for word in YAML11_BOOLEAN_WORDS for letters in product(*({c, c.upper()} for c in word))
)


@dataclass(frozen=True, slots=True)
class Limits:
    """Input limits (YM004). Generous for real tenants, tight for hostile input."""

    max_file_bytes: int = 16 * 1024 * 1024
    max_depth: int = 64
    max_alias_nodes: int = 100_000
    max_nodes: int = 500_000  # keys, values and items of one file (the whole L bench tenant is 356k); ~0.6 KB a node
    max_integer_digits: int = 64  # far above any CXone value; Python refuses to print over 4,300
    # Templates render in a child process under these (TP001 names the one hit), see acdplan/render/bounded.py.
    max_template_seconds: float = 10.0  # one template
    max_render_seconds: float = 30.0  # every template of a run together
    max_template_memory_bytes: int = 512 * 1024 * 1024  # above what the process used when rendering began


POSITION_ARRAYS = "arrays"  # parse_yaml(positions=...): (line, column) pairs in build order, for the cache


@dataclass(slots=True)
class ParsedFile:
    data: object = None
    sources: SourceMap = field(default_factory=SourceMap)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # With positions="arrays": (key positions, value positions) as flat (line, column) arrays,
    # in the order the builder met the nodes; positions.source_map_from_arrays turns them
    # back into a SourceMap. Compact to store, and cheap to record.
    position_arrays: tuple[array, array] | None = None
    # A value was tagged sensitive, however the tag was spelled (`!sensitiv%65`, a `%TAG`
    # handle): the parse cache never keeps such a file, whose values must be marked each run.
    sensitive: bool = False

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


class _Yaml12Resolver(yaml.resolver.BaseResolver):
    """YAML 1.2 core schema: only true/false are booleans, no sexagesimals, no timestamps."""


for _tag, _regexp, _first in [
    (BOOL_TAG, r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (INT_TAG, r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        FLOAT_TAG,
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    (NULL_TAG, r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    (MERGE_TAG, r"^(?:<<)$", "<"),
]:
    _Yaml12Resolver.add_implicit_resolver(_tag, re.compile(_regexp), list(_first))


def _fast_resolve(self, kind, value, implicit):
    """BaseResolver.resolve for a resolver without path resolvers or wildcard ones (this one).

    libyaml calls it once per node: 350,000 times for a large tenant, where the general
    version's list concatenations and lookups cost a quarter of composing. Same answers:
    the implicit resolvers of the value's first character, else the kind's default tag.
    """
    if kind is ScalarNode:
        if implicit[0]:
            for tag, regexp in _IMPLICIT.get(value[:1], ()):
                if regexp.match(value):
                    return tag
        return STR_TAG
    return SEQ_TAG if kind is SequenceNode else MAP_TAG


_IMPLICIT = _Yaml12Resolver.yaml_implicit_resolvers
_Yaml12Resolver.resolve = _fast_resolve
# The composer also calls these around every node; with no path resolvers they do nothing,
# so builtins taking the same arguments, and doing nothing with them, save two Python calls
# per node (a builtin is not bound to the instance: `self.descend_resolver(parent, index)`
# is `operator.is_(parent, index)`, `self.ascend_resolver()` is `tuple()`).
_Yaml12Resolver.descend_resolver = operator.is_
_Yaml12Resolver.ascend_resolver = tuple


_CComposer: type | None  # the libyaml-backed composer, None without libyaml
if yaml.__with_libyaml__:

    class _LibyamlComposer(yaml.cyaml.CParser, _Yaml12Resolver):
        def __init__(self, stream):
            yaml.cyaml.CParser.__init__(self, stream)
            _Yaml12Resolver.__init__(self)

    _CComposer = _LibyamlComposer
else:  # pragma: no cover - exercised by forcing the pure loader in tests
    _CComposer = None


class _PyComposer(
    yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer, _Yaml12Resolver
):
    """The pure-Python composer, with the nesting limit enforced while composing (it recurses)."""

    max_depth = 64

    def __init__(self, stream):
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        _Yaml12Resolver.__init__(self)
        self.depth = 0

    def compose_node(self, parent, index):
        self.depth += 1
        try:
            if self.depth > self.max_depth:
                raise _TooDeep(self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def composer_class(pure: bool = False):
    """The libyaml-backed composer when available, the pure-Python one otherwise (same results)."""
    return _PyComposer if pure or _CComposer is None else _CComposer


class _TooDeep(Exception):
    def __init__(self, mark):
        self.mark = mark


# libyaml's own guard against deep nesting (PyYAML 6.0.4 wheels bundle a libyaml that has it).
_LIBYAML_DEPTH_LIMIT = "exceeded maximum nesting depth"


class _Refused(Exception):
    def __init__(self, diagnostic: Diagnostic):
        self.diagnostic = diagnostic


def parse_yaml(text: str | bytes, file: str, limits: Limits = Limits(), pure: bool = False,
               positions: bool | str = True) -> ParsedFile:
    """Parse one document; never raises for bad input, reports YM001..YM004 instead.

    With positions=False the source map stays empty: a large tenant's positions cost more
    memory than its data, and are needed only for the few paths a diagnostic names, which
    `LazySourceMap` finds by parsing that one file again. With positions="arrays" they are
    kept as two flat arrays instead (`ParsedFile.position_arrays`), which the parse cache stores.
    """
    result = ParsedFile()
    if positions == POSITION_ARRAYS:
        result.position_arrays = (array("I"), array("I"))
    size = len(text.encode("utf-8")) if isinstance(text, str) else len(text)
    if size > limits.max_file_bytes:
        result.diagnostics.append(
            _diag("YM004", f"file is {size:,} bytes, over the limit of {limits.max_file_bytes:,} bytes", file, 1, 1)
        )
        return result
    nodes = _too_many_nodes(text, limits.max_nodes)
    if nodes:
        result.diagnostics.append(
            _diag("YM004", f"the file holds more YAML nodes (keys, values, items) than the limit of "
                           f"{limits.max_nodes:,}: split it into several files", file, 1, 1))
        return result
    try:
        root = _compose(text, composer_class(pure), limits)
    except _TooDeep as too_deep:
        result.diagnostics.append(_depth_diag(file, too_deep.mark.line + 1, too_deep.mark.column + 1, limits))
        return result
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = " ".join(part for part in (error.context, error.problem) if part)
        if _LIBYAML_DEPTH_LIMIT in problem:  # libyaml >= 0.2.5 stops at its own nesting limit first
            result.diagnostics.append(_depth_diag(file, line, column, limits))
        else:
            result.diagnostics.append(_diag("YM001", f"YAML syntax error: {problem}", file, line, column))
        return result
    except yaml.YAMLError as error:
        result.diagnostics.append(_diag("YM001", f"YAML syntax error: {error}", file, 1, 1))
        return result
    except RecursionError:
        result.diagnostics.append(_depth_diag(file, 1, 1, limits))
        return result
    if root is None:
        return result
    try:
        if _may_alias(text):
            _measure(root, file, limits)
        builder = _Builder(file, result, limits.max_depth, positions)
        builder.max_integer_digits = limits.max_integer_digits
        try:
            result.data = builder.build(root)
        finally:
            builder.finish()
    except _Refused as refused:
        result.diagnostics.append(refused.diagnostic)
        result.data = None
    return result


def _node_bound(text: str | bytes) -> int:
    """An upper bound of the node count, from punctuation alone (a few ms on 16 MB): every node
    but the root follows a `:`, `,`, `-`, `[`, `{` or `?`, and a key without a value adds one."""
    if isinstance(text, bytes):
        return 2 * sum(text.count(mark) for mark in (b":", b",", b"-", b"[", b"{", b"?")) + 2
    return 2 * sum(text.count(mark) for mark in (":", ",", "-", "[", "{", "?")) + 2


def _too_many_nodes(text: str | bytes, limit: int) -> int:
    """0 when the file is within the node limit, else the count reached: the parser's events are
    counted (streamed, so memory stays flat) only when the cheap bound cannot rule it out.
    Each mark is one character, so a file of under limit/2 characters is within it uncounted
    (most spec files: counting costs a pass over the text per mark)."""
    if 2 * len(text) + 2 <= limit or _node_bound(text) <= limit:
        return 0
    parser = yaml.cyaml.CParser(text) if yaml.__with_libyaml__ else yaml.SafeLoader(text)
    counted = 0
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent,
                                  yaml.AliasEvent)):
                counted += 1
                if counted > limit:
                    return counted
    except yaml.YAMLError:
        return 0  # the composer reports the syntax error with its position
    finally:
        parser.dispose()
    return 0


def _may_alias(text: str | bytes) -> bool:
    """Aliases are written `*name`: without a `*` the node graph is a tree, and the builder's
    own depth check is all the measuring it needs (the common case, and a large saving)."""
    return b"*" in text if isinstance(text, bytes) else "*" in text


def _limits_with_depth(depth: int) -> Limits:
    return Limits(max_depth=depth)


def _compose(text, composer_cls, limits: Limits) -> Node | None:
    loader = composer_cls(text)
    loader.max_depth = limits.max_depth
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _measure(root: Node, file: str, limits: Limits) -> None:
    """Refuse alias bombs, cycles and deep nesting by measuring the node graph, not walking its expansion.

    Each distinct node is visited once; its expanded size and depth are memoised, so a
    billion-laughs document costs as much as its few dozen distinct nodes.
    """
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            children = _children(node)
            size[key] = 1 + sum(size[id(child)] for child in children)
            depth[key] = 1 + max((depth[id(child)] for child in children), default=0)
            on_path.discard(key)
            if depth[key] > limits.max_depth:
                mark = node.start_mark
                raise _Refused(_depth_diag(file, mark.line + 1, mark.column + 1, limits))
            continue
        if key in size:
            continue
        if key in on_path:
            mark = node.start_mark
            raise _Refused(
                _diag("YM004", "an alias refers to a node that contains it (recursive alias)", file,
                      mark.line + 1, mark.column + 1)
            )
        on_path.add(key)
        stack.append((node, True))
        if len(on_path) > limits.max_depth:
            mark = node.start_mark
            raise _Refused(_depth_diag(file, mark.line + 1, mark.column + 1, limits))
        for child in _children(node):
            if id(child) not in size:
                stack.append((child, False))
    distinct = len(size)
    expanded = size[id(root)]
    if expanded - distinct > limits.max_alias_nodes:
        raise _Refused(
            _diag(
                "YM004",
                f"aliases expand to {expanded:,} nodes from {distinct:,} written, over the limit of "
                f"{limits.max_alias_nodes:,} alias-expanded nodes",
                file,
                root.start_mark.line + 1,
                root.start_mark.column + 1,
            )
        )


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, SequenceNode):
        return node.value
    return []


class _Builder:
    """Turn the measured node graph into plain data, recording positions and YAML pitfalls."""

    max_integer_digits = 64  # Limits.max_integer_digits, set per parse

    def __init__(self, file: str, result: ParsedFile, max_depth: int, positions: bool | str = True):
        self.file = file
        self.keys = result.sources.keys
        self.values = result.sources.values
        # Where a key's and a value's position go (node, path), or None when positions are not kept.
        self.place_key: Callable[[Node, Path], None] | None = None
        self.place_value: Callable[[Node, Path], None] | None = None
        if positions is True:
            self.place_key, self.place_value = self.key_in_map, self.value_in_map
        elif result.position_arrays is not None:
            key_marks, value_marks = result.position_arrays
            self.place_key, self.place_value = _appender(key_marks), _appender(value_marks)
        self.diagnostics = result.diagnostics
        self.result = result
        self.max_depth = max_depth
        self.max_diagnostics = 100  # acdplan.diagnostic_caps.MAX_DIAGNOSTICS_PER_FILE
        self.hidden: Counter = Counter()
        self.hidden_error = False
        self.first_hidden: Diagnostic | None = None

    def report(self, diagnostic: Diagnostic) -> None:
        """Record a finding; past the per-file cap only count it (700k of them must stay cheap)."""
        if len(self.diagnostics) < self.max_diagnostics:
            self.diagnostics.append(diagnostic)
            return
        if not self.hidden:
            self.first_hidden = diagnostic
        self.hidden[diagnostic.rule] += 1
        self.hidden_error = self.hidden_error or diagnostic.is_error

    def finish(self) -> None:
        if self.hidden:
            from acdplan.diagnostic_caps import hidden_summary

            # report() sets first_hidden along with the first count in hidden
            first_hidden = cast(Diagnostic, self.first_hidden)
            self.diagnostics.append(hidden_summary(self.hidden, first_hidden, self.max_diagnostics,
                                                   self.hidden_error))

    def key_in_map(self, node: Node, path: Path) -> None:
        mark = node.start_mark
        self.keys[path] = (self.file, mark.line + 1, mark.column + 1)

    def value_in_map(self, node: Node, path: Path) -> None:
        mark = node.start_mark
        self.values[path] = (self.file, mark.line + 1, mark.column + 1)

    def loc(self, node: Node) -> Location:
        mark = node.start_mark
        return Location(self.file, mark.line + 1, mark.column + 1)

    def build(self, root: Node):
        """Depth first, in document order: a mapping's keys are read (duplicates and pitfalls
        reported) before any of its values, and each value is placed just before it is built.

        This is the hot loop of `validate` on large tenants. Recursion (bounded by max_depth)
        costs less than an explicit stack of (node, parent, slot, path) records, a path is made
        only for a container or a scalar needing a second look, and a plain string, the vast
        majority of nodes, is taken inline.
        """
        if self.place_value is not None:
            self.place_value(root, ())
        return self.node(root, ())

    def node(self, node: Node, path: Path):
        node_class = node.__class__
        if node_class is ScalarNode:
            return self.scalar(node, path)
        if len(path) >= self.max_depth:
            mark = node.start_mark
            raise _Refused(_depth_diag(self.file, mark.line + 1, mark.column + 1, _limits_with_depth(self.max_depth)))
        if node_class is SequenceNode:
            return self.sequence(node, path)
        return self.mapping(node, path)

    def sequence(self, node: SequenceNode, path: Path) -> list:
        self.check_tag(node, SEQ_TAG)
        place_value = self.place_value
        items: list = []
        append = items.append
        for index, child in enumerate(node.value):
            if place_value is not None:
                place_value(child, path + (index,))
            if child.__class__ is ScalarNode and child.tag == STR_TAG and (
                    child.style or child.value not in YAML11_BOOLEAN_SPELLINGS):
                append(child.value)
            else:
                append(self.node(child, path + (index,)))
        return items

    def mapping(self, node: MappingNode, path: Path) -> dict:
        """The entries' dict (key -> (key node, value node)) becomes the result: each value node
        is replaced by its value in place, so a mapping costs one dict."""
        self.check_tag(node, MAP_TAG)
        entries = self.entries(node, path)
        place_key, place_value = self.place_key, self.place_value
        if place_key is not None:  # in reverse: the order positions.source_map_from_arrays replays
            for key, (key_node, _) in reversed(entries.items()):
                place_key(key_node, path + (key,))
        max_digits = self.max_integer_digits
        for key, (_, value_node) in entries.items():
            if place_value is not None:
                place_value(value_node, path + (key,))
            if value_node.__class__ is ScalarNode:
                tag, value = value_node.tag, value_node.value
                if tag == STR_TAG and (value_node.style or value not in YAML11_BOOLEAN_SPELLINGS):
                    entries[key] = value
                    continue
                # A plain decimal (a proficiency, a number of seconds): what `scalar` makes of it.
                # An INT_TAG value of digits only is ASCII digits (the resolver's [0-9]).
                if tag == INT_TAG and value.isdigit() and len(value) <= max_digits:
                    entries[key] = int(value)
                    continue
            entries[key] = self.node(value_node, path + (key,))
        return entries

    def entries(self, node: MappingNode, path: Path) -> dict:
        """The mapping's own entries (duplicates reported) then `<<` merged ones it does not override,
        as key -> (key node, value node)."""
        own: dict = {}
        merged: list[tuple[object, tuple[Node, Node]]] | None = None
        for pair in node.value:
            key_node = pair[0]
            if key_node.__class__ is ScalarNode and key_node.tag == STR_TAG and (
                    key_node.style or key_node.value not in YAML11_BOOLEAN_SPELLINGS):
                key = key_node.value
            elif key_node.tag == MERGE_TAG:
                merged = (merged or []) + self.merge_sources(pair[1], path)
                continue
            else:
                key = self.key(key_node, path)
            if key in own:
                first = self.loc(own[key][0])
                self.report(
                    Diagnostic(
                        "YM002", Severity.ERROR,
                        f"duplicate key {key!r}: first defined at line {first.line}; a mapping can hold a key only once",
                        self.file, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                        path + (key,), related=(first,),
                    )
                )
                continue
            own[key] = pair
        if merged:
            for key, pair in merged:
                own.setdefault(key, pair)
        return own

    def merge_sources(self, value_node: Node, path: Path) -> list[tuple[object, tuple[Node, Node]]]:
        sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
        entries: list[tuple[object, tuple[Node, Node]]] = []
        for source in sources:
            if not isinstance(source, MappingNode):
                raise _Refused(
                    Diagnostic("YM001", Severity.ERROR, "a merge key '<<' must refer to a mapping",
                               self.file, source.start_mark.line + 1, source.start_mark.column + 1, path)
                )
            entries.extend(self.entries(source, path).items())
        return entries

    def key(self, key_node: Node, path: Path):
        if not isinstance(key_node, ScalarNode):
            raise _Refused(
                Diagnostic("YM001", Severity.ERROR, "a mapping key must be a plain value, not a list or mapping",
                           self.file, key_node.start_mark.line + 1, key_node.start_mark.column + 1, path)
            )
        key = self.scalar(key_node, path, as_key=True)
        # Names are text: `404:` or `true:` as a key still name something.
        return key if isinstance(key, str) else key_node.value

    def check_tag(self, node: Node, expected: str) -> None:
        if node.tag != expected:
            raise _Refused(self.tag_refused(node))

    def tag_refused(self, node: Node) -> Diagnostic:
        return Diagnostic(
            "YM001", Severity.ERROR,
            f"unsupported tag {node.tag!r}: specs are plain data, tags are not allowed",
            self.file, node.start_mark.line + 1, node.start_mark.column + 1,
        )

    def scalar(self, node: ScalarNode, path: Path, as_key: bool = False):
        tag, value = node.tag, node.value
        if tag == STR_TAG:
            # Plain style is None from the pure parser and '' from libyaml.
            if not node.style and value.lower() in YAML11_BOOLEAN_WORDS:
                advice = "quote it" if as_key else "write true or false, or quote it"
                self.report(
                    Diagnostic(
                        "YM003", Severity.WARNING,
                        f"unquoted {value!r}{' as a key' if as_key else ''} is read as the text {value!r}, "
                        f"not a boolean: {advice}",
                        self.file, node.start_mark.line + 1, node.start_mark.column + 1,
                        path + (value,) if as_key else path,
                    )
                )
            return value
        if tag == INT_TAG:
            digits = len(value.lstrip("+-"))
            if digits > self.max_integer_digits:
                raise _Refused(_diag(
                    "YM004", f"a number of {digits:,} digits, over the limit of {self.max_integer_digits} digits",
                    self.file, node.start_mark.line + 1, node.start_mark.column + 1))
            if value.startswith("0o"):
                return int(value[2:], 8)
            if value.startswith("0x"):
                return int(value[2:], 16)
            return int(value)
        if tag == FLOAT_TAG:
            lowered = value.lower()
            if lowered.endswith("inf"):
                return -math.inf if lowered.startswith("-") else math.inf
            if lowered.endswith("nan"):
                return math.nan
            return float(value)
        if tag == BOOL_TAG:
            return value.lower() == "true"
        if tag == NULL_TAG:
            return None
        if tag == SENSITIVE_TAG:  # `id: !sensitive "…"`: the value as written, marked (acdplan/sensitive.py)
            return self.sensitive(node, path)
        raise _Refused(self.tag_refused(node))

    def sensitive(self, node: ScalarNode, path: Path):
        plain = not node.style
        tag = _Yaml12Resolver().resolve(ScalarNode, node.value, (plain, False)) if plain else STR_TAG
        value = self.scalar(ScalarNode(tag, node.value, node.start_mark, node.end_mark, node.style), path)
        sensitive.mark(value)
        self.result.sensitive = True
        return value


def _appender(marks: array) -> Callable[[Node, Path], None]:
    """Places a node by appending its (line, column) to a flat array (POSITION_ARRAYS)."""
    def place(node: Node, path: Path) -> None:
        mark = node.start_mark
        marks.append(mark.line + 1)
        marks.append(mark.column + 1)

    return place


def _diag(rule: str, message: str, file: str, line: int, column: int) -> Diagnostic:
    return Diagnostic(rule, Severity.ERROR, message, file, line, column)


def _depth_diag(file: str, line: int, column: int, limits: Limits) -> Diagnostic:
    return _diag("YM004", f"nesting deeper than the limit of {limits.max_depth} levels", file, line, column)
