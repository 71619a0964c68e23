"""Render spec templates in Jinja2's sandbox, strictly, with bounded output.

Templates come from pull requests, so they are untrusted: the sandbox refuses attribute
tricks such as `''.__class__`, `StrictUndefined` turns a missing variable into an error
instead of an empty string, `*`/`**` results and the streamed output are bounded, and the
whole rendering runs in a child process under time and memory limits (acdplan/render/bounded.py)
that no filter, `set` or loop escapes.

`{% include "partials/x.j2" %}` reads a file of the spec folder (names are relative to it; a
file outside it, or reached through a symlink leaving it, is refused like a spec file is).
Every rendered line remembers the template line it came from (acdplan/render/line_map.py).
"""

from __future__ import annotations

import operator
import stat
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from jinja2.ext import Extension
from jinja2.lexer import Token
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from acdplan.diagnostics import Diagnostic, Severity
from acdplan.fs_paths import display_path, inside
from acdplan.render.bounded import TimeLimit
from acdplan.render.line_map import MARK_OPEN, LineMap, marker, strip_markers

DEFAULT_MAX_OUTPUT = 16 * 1024 * 1024


@dataclass(slots=True)
class RenderResult:
    text: str | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    lines: LineMap | None = None  # rendered line -> template file and line


class _OutputTooLarge(Exception):
    pass


class _LineMarkers(Extension):
    """Writes a position marker before each piece of literal text and each `{{ expression }}`."""

    def filter_stream(self, stream):
        files: list[str] = self.environment.template_files
        name = stream.filename or stream.name or ""
        if name not in files:
            files.append(name)
        index = files.index(name)
        for token in stream:
            if token.type in ("data", "variable_begin"):
                yield Token(token.lineno, "data", marker(index, token.lineno))
            yield token


class _SpecFolderLoader(jinja2.BaseLoader):
    """The template being rendered, and files of the spec folder for `{% include %}`."""

    def __init__(self, name: str, source: str, root: Path | None, allow_outside: bool, max_bytes: int):
        self.name, self.source, self.root = name, source, root
        self.allow_outside, self.max_bytes = allow_outside, max_bytes

    def get_source(self, environment, template):
        if template == self.name:
            return self.source, self.name, lambda: True
        if self.root is None:
            raise jinja2.TemplateNotFound(template)
        path = self.root.joinpath(*split_template_path(template))  # refuses `..`
        try:
            real = path.resolve(strict=True)
            info = real.stat()
        except (OSError, RuntimeError):
            raise jinja2.TemplateNotFound(f"{template} (no such file in the spec folder)") from None
        if not self.allow_outside and not inside(real, self.root.resolve()):
            raise jinja2.TemplateNotFound(f"{template} (it leaves the spec folder)")
        if not stat.S_ISREG(info.st_mode) or info.st_size > self.max_bytes:
            raise jinja2.TemplateNotFound(f"{template} (not a regular file under {self.max_bytes:,} bytes)")
        try:
            text = real.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise jinja2.TemplateNotFound(f"{template} (cannot read it: {error})") from None
        return text, display_path(path), lambda: True


class _BoundedSandbox(SandboxedEnvironment):
    """A sandbox whose `*` and `**` refuse to build values larger than the output limit."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, max_output: int, **options):
        super().__init__(**options)
        self.max_output = max_output
        self.template_files: list[str] = []

    def call_binop(self, context, operator_name, left, right):
        if operator_name == "**":
            if isinstance(left, (int, float)) and isinstance(right, (int, float)) and abs(right) > 64 and abs(left) > 1:
                raise SecurityError("power too large")
            return operator.pow(left, right)
        if (isinstance(left, (str, list, tuple)) and isinstance(right, int)) or (isinstance(right, (str, list, tuple)) and isinstance(left, int)):
            sequence, count = (left, right) if isinstance(right, int) else (right, left)
            if len(sequence) * max(count, 0) > self.max_output:
                raise _OutputTooLarge()
        return operator.mul(left, right)


def render_template(
    source: str, file: str, variables: dict, max_output: int = DEFAULT_MAX_OUTPUT,
    root: Path | None = None, allow_outside: bool = False,
) -> RenderResult:
    """Render one template (in this process); failures become TP001 at the template's line, never a traceback.

    Callers with untrusted input run this under `acdplan.render.bounded.run_bounded`.
    """
    markers = MARK_OPEN not in source  # a template using the marker character itself keeps rendered lines
    environment = _BoundedSandbox(
        max_output,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        extensions=[_LineMarkers] if markers else [],
        loader=_SpecFolderLoader(file, source, root, allow_outside, max_output),
    )
    environment.template_files.append(file)
    chunks: list[str] = []
    try:
        template = environment.get_template(file)
        size = 0
        for chunk in template.generate(**variables):
            size += len(chunk)
            if size > max_output * 2:  # markers included; the exact check follows
                raise _OutputTooLarge()
            chunks.append(chunk)
        if not markers:
            text, lines = "".join(chunks), None
        else:
            text, lines = strip_markers("".join(chunks), environment.template_files)
        if len(text) > max_output:
            raise _OutputTooLarge()
        return RenderResult(text, [], lines)
    except jinja2.TemplateSyntaxError as error:
        return _failed(error.filename or file, error.lineno or 1, f"template syntax error: {error.message}")
    except _OutputTooLarge as error:
        return _failed(*_template_line(error, environment, file),
                       f"template output exceeds the limit of {max_output:,} characters")
    except jinja2.UndefinedError as error:
        return _failed(*_template_line(error, environment, file),
                       f"undefined variable: {error.message}; pass it with --var or the environment's vars")
    except jinja2.TemplateNotFound as error:
        return _failed(*_template_line(error, environment, file), f"cannot include {error.message}")
    except SecurityError as error:
        return _failed(*_template_line(error, environment, file), f"forbidden in the template sandbox: {error}")
    except (MemoryError, TimeLimit) as error:
        where = _template_line(error, environment, file)
        chunks.clear()  # room to report
        return RenderResult(None, [_limit_diagnostic(error, where)])
    except RecursionError as error:
        return _failed(*_template_line(error, environment, file),
                       "template failed to render: too deeply nested (an include or macro that calls itself?)")
    except Exception as error:
        return _failed(*_template_line(error, environment, file),
                       f"template failed to render: {type(error).__name__}: {error}")


def _limit_diagnostic(error: BaseException, where: tuple[str, int]) -> Diagnostic:
    """Placeholder message: the caller (acdplan/render/budget.py) names the limit's value."""
    kind = "time" if isinstance(error, TimeLimit) else "memory"
    return Diagnostic("TP001", Severity.ERROR, kind, where[0], where[1], 1)


def _template_line(error: BaseException, environment: _BoundedSandbox, file: str) -> tuple[str, int]:
    """The deepest traceback line that belongs to a template (Jinja rewrites frames to template lines)."""
    where = (file, 1)
    files = set(environment.template_files)
    traceback = error.__traceback__
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename in files:
            where = (traceback.tb_frame.f_code.co_filename, traceback.tb_lineno)
        traceback = traceback.tb_next
    return where


def _failed(file: str, line: int, message: str) -> RenderResult:
    return RenderResult(None, [Diagnostic("TP001", Severity.ERROR, message, file, line, 1)])
