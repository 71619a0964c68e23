"""`acdplan schema --out DIR`: the JSON Schemas, for editors and check-jsonschema, offline."""

from __future__ import annotations

import os
import sys

import click

from acdplan.cli import options
from acdplan.cli.common import handle_errors
from acdplan.schema_files import SPEC_SCHEMA, modeline, write_schemas


@click.command("schema")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False), metavar="DIR",
              help="Folder to write the schema files into (created if missing).")
@handle_errors
def command(out):
    """Write the JSON Schemas of spec files and acdplan.yaml; their references resolve locally."""
    try:
        written = write_schemas(out)
    except OSError as error:
        click.echo(f"error: cannot write {out}: {error.strerror}", err=True)
        sys.exit(1)
    for path in written:
        click.echo(str(path))
    specs_hint = os.path.relpath(os.path.join(out, SPEC_SCHEMA), "specs")
    options.info(f"Point a spec file at them with its first line: {modeline(specs_hint)}")
