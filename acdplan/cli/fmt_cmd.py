"""`acdplan fmt [--check] [--diff] [PATHS]`: rewrite spec files in the canonical layout, comments kept."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path
from typing import cast

import click

from acdplan.cli import options
from acdplan.cli.common import handle_config_errors, print_diagnostics, project, specs_path
from acdplan.fmt import format_file, spec_files
from acdplan.state.atomic import atomic_write


@click.command("fmt")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--check", is_flag=True, help="Change nothing; exit 1 when a file is not in the canonical layout.")
@click.option("--diff", "show_diff", is_flag=True, help="Show what changes (or would change) as a unified diff.")
@handle_config_errors
def command(paths, check, show_diff):
    """Rewrite spec files (default: the project's spec folder) in one layout; comments are kept.

    Lists the files it changed (with --check: that need changing) on standard output.
    """
    targets = [Path(p) for p in paths] or [specs_path(project(), None)]
    results = [format_file(path) for path in spec_files(targets)]
    failed = [r.diagnostic for r in results if r.diagnostic]
    print_diagnostics(failed)
    changed = [r for r in results if r.changed]
    for result in changed:
        formatted = cast(str, result.formatted)  # `changed` holds only results that were formatted
        click.echo(str(result.path))
        if show_diff:
            click.echo("".join(difflib.unified_diff(result.original.splitlines(keepends=True),
                                                    formatted.splitlines(keepends=True),
                                                    f"{result.path} (now)", f"{result.path} (formatted)")), nl=False)
        if not check:
            atomic_write(result.path, formatted.encode("utf-8"), backup=False)
    verb = "need formatting" if check else "reformatted"
    options.info(f"{len(changed)} of {len(results)} file{'s' * (len(results) != 1)} {verb}")
    sys.exit(1 if failed or (check and changed) else 0)
