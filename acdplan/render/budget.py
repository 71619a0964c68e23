"""The render stage's budget for one run: each template under time and memory limits, and all
of them together under a total time, so a pull request of many slow templates is bounded too."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path

from acdplan.diagnostics import Diagnostic, Severity
from acdplan.render.bounded import run_bounded
from acdplan.render.line_map import LineMap  # noqa: F401  (re-exported for the loader)


@dataclass(frozen=True, slots=True)
class RenderLimits:
    """The loader's limits (acdplan/load/yaml_source.py `Limits`) that concern rendering."""

    max_file_bytes: int
    max_template_seconds: float
    max_render_seconds: float
    max_template_memory_bytes: int


class RenderBudget:
    def __init__(self, limits: RenderLimits, root: Path | None, allow_outside: bool = False):
        self.limits, self.root, self.allow_outside = limits, root, allow_outside
        self.spent = 0.0

    def render(self, source: str, file: str, variables: dict):
        from acdplan.render.templates import RenderResult, render_template  # Jinja2 only when templates exist

        limits = self.limits
        remaining = limits.max_render_seconds - self.spent
        if remaining <= 0:
            return RenderResult(None, [Diagnostic(
                "TP001", Severity.ERROR,
                f"not rendered: the templates of this run already used the time limit of "
                f"{limits.max_render_seconds:g} s for all templates together", file, 1, 1)])
        seconds = min(limits.max_template_seconds, remaining)
        started = time.monotonic()
        outcome = run_bounded(
            lambda: render_template(source, file, variables, limits.max_file_bytes, self.root, self.allow_outside),
            seconds, limits.max_template_memory_bytes,
        )
        self.spent += time.monotonic() - started
        if outcome.status == "ok":
            result = outcome.value
            result.diagnostics = [self._named(d, seconds) for d in result.diagnostics]
            return result
        return RenderResult(None, [Diagnostic("TP001", Severity.ERROR, self._message(outcome.status, seconds),
                                              file, 1, 1)])

    def _named(self, diagnostic: Diagnostic, seconds: float) -> Diagnostic:
        if diagnostic.message in ("time", "memory"):
            return replace(diagnostic, message=self._message(diagnostic.message, seconds))
        return diagnostic

    def _message(self, status: str, seconds: float) -> str:
        mib = self.limits.max_template_memory_bytes // (1024 * 1024)
        if status == "time":
            return f"template rendering exceeds the time limit of {seconds:g} s: make the loops smaller"
        if status == "memory":
            return f"template rendering exceeds the memory limit of {mib:,} MiB: build smaller values"
        return (f"template rendering stopped abnormally (limits: {seconds:g} s, {mib:,} MiB of memory): "
                f"simplify the template")
