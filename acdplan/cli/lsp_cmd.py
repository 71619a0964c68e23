"""`acdplan lsp`: the language server on standard input and output (acdplan/lsp)."""

from __future__ import annotations

import sys

import click


@click.command("lsp")
@click.option("--stdio", is_flag=True, help="Talk over standard input and output (the default, and the only way).")
def command(stdio: bool) -> None:
    """A Language Server Protocol server for spec files: diagnostics while typing, navigation, quick fixes."""
    try:
        from acdplan.lsp.server import serve
    except ImportError as error:  # pygls is a dependency; a trimmed install may lack it
        click.echo(f"acdplan lsp needs pygls and lsprotocol ({error.name} is missing): "
                   f"pip install 'pygls>=2.1'", err=True)
        sys.exit(1)
    serve()
