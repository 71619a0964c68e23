"""`acdplan coverage`: per channel, its default skill, who holds it, who can reply; gaps marked."""

from __future__ import annotations

import dataclasses
import json
import sys

import click

from acdplan.cli.common import environment_option, EXIT_ERROR, handle_config_errors, validated_model, var_options
from acdplan.report.coverage import channel_coverage, render_coverage_text


@click.command("coverage")
@click.argument("specs", required=False, type=click.Path())
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@environment_option
@var_options
@handle_config_errors
def command(specs, output_format, environment, var_pairs, var_files):
    """Show, for every channel, whether someone can actually answer its contacts."""
    spec = validated_model(specs, environment, var_files, var_pairs)
    rows = channel_coverage(spec)
    if output_format == "json":
        click.echo(json.dumps([dataclasses.asdict(row) for row in rows], indent=2, default=sorted))
    else:
        click.echo(render_coverage_text(rows), nl=False)
    sys.exit(EXIT_ERROR if any(row.gaps for row in rows) else 0)
