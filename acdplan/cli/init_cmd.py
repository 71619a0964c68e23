"""`acdplan init [DIR]`: write a working project a newcomer can validate and plan at once."""

from __future__ import annotations

import click

from acdplan.cli.common import handle_errors
from acdplan.init_project import init_project


@click.command("init")
@click.argument("directory", required=False, default=".", type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="Replace the files the folder already has (they are kept otherwise).")
@handle_errors
def command(directory, force):
    """Write a project: acdplan.yaml, a small specs/, schema/, .gitignore, pre-commit, the GitHub workflow."""
    result = init_project(directory, force=force)
    prefix = "" if directory == "." else f"{click.format_filename(directory).rstrip('/')}/"
    for relative in result.written:
        click.echo(f"wrote {prefix}{relative}")
    for relative in result.kept:
        click.echo(f"kept {relative}: it exists already (--force replaces it)", err=True)
    where = "" if directory == "." else f"cd {directory} && "
    click.echo(f"\nNext: {where}acdplan validate && acdplan plan   # on the local sandbox tenant")
