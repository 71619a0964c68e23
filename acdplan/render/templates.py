"""Render spec templates in Jinja2's sandbox, strictly, with bounded output.

Templates come from pull requests, so they are untrusted: the sandbox refuses attribute
tricks such as `''.__class__`, `StrictUndefined` turns a missing variable into an error
instead of an empty string, and both `*`/`**` results and the streamed output are bounded so
that a template cannot render a gigabyte.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field

import jinja2
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from acdplan.diagnostics import Diagnostic, Severity

DEFAULT_MAX_OUTPUT = 16 * 1024 * 1024


@dataclass(slots=True)
class RenderResult:
    text: str | None
    diagnostics: list[Diagnostic] = field(default_factory=list)


class _OutputTooLarge(Exception):
    pass


class _BoundedSandbox(SandboxedEnvironment):
    """A sandbox whose `*` and `**` refuse to build values larger than the output limit."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, max_output: int, **options):
        super().__init__(**options)
        self.max_output = max_output

    def call_binop(self, context, operator_name, left, right):
        if operator_name == "**":
            if isinstance(left, (int, float)) and isinstance(right, (int, float)) and abs(right) > 64 and abs(left) > 1:
                raise SecurityError("power too large")
            return operator.pow(left, right)
        if isinstance(left, (str, list, tuple)) and isinstance(right, int) or isinstance(right, (str, list, tuple)) and isinstance(left, int):
            sequence, count = (left, right) if isinstance(right, int) else (right, left)
            if len(sequence) * max(count, 0) > self.max_output:
                raise _OutputTooLarge()
        return operator.mul(left, right)


def render_template(
    source: str, file: str, variables: dict, max_output: int = DEFAULT_MAX_OUTPUT
) -> RenderResult:
    """Render one template; failures become TP001 at the template's line, never a traceback."""
    environment = _BoundedSandbox(
        max_output,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        loader=jinja2.FunctionLoader(lambda name: (source, name, lambda: True)),
    )
    try:
        template = environment.get_template(file)
        chunks: list[str] = []
        size = 0
        for chunk in template.generate(**variables):
            size += len(chunk)
            if size > max_output:
                raise _OutputTooLarge()
            chunks.append(chunk)
        return RenderResult("".join(chunks))
    except jinja2.TemplateSyntaxError as error:
        return _failed(file, error.lineno or 1, f"template syntax error: {error.message}")
    except _OutputTooLarge as error:
        return _failed(file, _template_line(error, file), f"template output exceeds the limit of {max_output:,} characters")
    except jinja2.UndefinedError as error:
        return _failed(file, _template_line(error, file), f"undefined variable: {error.message}; pass it with --var or the environment's vars")
    except SecurityError as error:
        return _failed(file, _template_line(error, file), f"forbidden in the template sandbox: {error}")
    except Exception as error:  # any other runtime failure of user code in the template
        return _failed(file, _template_line(error, file), f"template failed to render: {type(error).__name__}: {error}")


def _template_line(error: BaseException, file: str) -> int:
    """The deepest traceback line that belongs to the template (Jinja rewrites frames to template lines)."""
    line = 1
    traceback = error.__traceback__
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename == file:
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return line


def _failed(file: str, line: int, message: str) -> RenderResult:
    return RenderResult(None, [Diagnostic("TP001", Severity.ERROR, message, file, line, 1)])
