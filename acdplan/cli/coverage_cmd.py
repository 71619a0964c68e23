"""`acdplan coverage`: per channel, who can answer it (by name); gaps and unusable skills marked."""

from __future__ import annotations

import json
import sys

import click

from acdplan.cli.common import EXIT_ERROR, environment_option, handle_config_errors, validated_model, var_options
from acdplan.report.coverage import coverage, render_coverage_markdown, render_coverage_text
from acdplan.report.escape import json_text

COVERAGE_FORMATS = {
    "text": render_coverage_text,
    "json": lambda result: json_text(json.dumps(result.as_json(), indent=2, ensure_ascii=False)) + "\n",
    "markdown": render_coverage_markdown,
}


@click.command("coverage")
@click.argument("specs", required=False, type=click.Path())
@click.option("--format", "output_format", type=click.Choice(sorted(COVERAGE_FORMATS)), default="text",
              show_default=True)
@environment_option
@var_options
@handle_config_errors
def command(specs, output_format, environment, var_pairs, var_files):
    """Show, for every channel, who can actually answer its contacts (exit 1 when a channel has a gap)."""
    spec = validated_model(specs, environment, var_files, var_pairs)
    result = coverage(spec)
    click.echo(COVERAGE_FORMATS[output_format](result), nl=False)
    sys.exit(EXIT_ERROR if result.channels_with_gaps else 0)
