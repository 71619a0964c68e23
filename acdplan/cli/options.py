"""The options every command shares (`-C/--chdir`, `--no-color`, `-v`, `-q`), set once on the group.

Kept in click's context (`ctx.obj`), so commands ask `options.current()` rather than each
declaring them again. Colour goes through click (`ctx.color`): with `--no-color` or `NO_COLOR`
set, click.echo strips every style, and on a pipe click strips them already.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

import click

QUIET, NORMAL, VERBOSE = -1, 0, 1


@dataclass(slots=True)
class GlobalOptions:
    chdir: str | None = None
    no_color: bool = False
    verbosity: int = NORMAL

    @property
    def quiet(self) -> bool:
        return self.verbosity <= QUIET

    @property
    def verbose(self) -> bool:
        return self.verbosity >= VERBOSE


def no_color_requested(flag: bool) -> bool:
    """--no-color, or the NO_COLOR convention (https://no-color.org: set and not empty)."""
    return flag or bool(os.environ.get("NO_COLOR"))


def apply(ctx: click.Context, chdir: str | None, no_color: bool, verbose: int, quiet: int) -> GlobalOptions:
    """Act on the global options: change directory (as `terraform -chdir`), colour off, verbosity."""
    if verbose and quiet:
        raise click.UsageError("-v/--verbose and -q/--quiet exclude each other")
    if chdir:
        try:
            os.chdir(chdir)
        except OSError as error:
            raise click.UsageError(f"-C {chdir}: {error.strerror}") from None
    options = GlobalOptions(chdir, no_color_requested(no_color), min(verbose, 2) - min(quiet, 1))
    if options.no_color:
        ctx.color = False
    if options.verbose:  # every CXone call (method, route, status, attempt), secrets redacted
        from acdplan.providers.cxone.client import set_verbose

        set_verbose(sys.stderr)
        ctx.call_on_close(lambda: set_verbose(None))
    ctx.obj = options
    return options


def current() -> GlobalOptions:
    """The global options of the running command (defaults outside a command, as in library use)."""
    ctx = click.get_current_context(silent=True)
    while ctx is not None:
        if isinstance(ctx.obj, GlobalOptions):
            return ctx.obj
        ctx = ctx.parent
    return GlobalOptions()


def color_for(stream_is_tty: bool) -> bool:
    """Whether to colour: never under --no-color/NO_COLOR, else only on a terminal."""
    return stream_is_tty and not current().no_color


def info(message: str) -> None:
    """A note on standard error, left out under -q."""
    if not current().quiet:
        click.echo(message, err=True)


def detail(message: str) -> None:
    """A note on standard error shown only under -v."""
    if current().verbose:
        click.echo(message, err=True)
