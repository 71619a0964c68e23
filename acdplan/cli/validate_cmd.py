"""`acdplan validate`: load, render, schema-check and rule-check the specs; no tenant is read."""

from __future__ import annotations

import sys
import time

import click

from acdplan.cli import options
from acdplan.cli.cache_option import cache_option
from acdplan.cli.common import environment_option, handle_config_errors, project, specs_path, var_options, variables_for
from acdplan.report.diagnostics_formats import FORMATS
from acdplan.sensitive import redact_text
from acdplan.validate import validate_path


@click.command("validate")
@click.argument("specs", required=False, type=click.Path())
@click.option("--format", "output_format", type=click.Choice(list(FORMATS)), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Warnings fail too.")
@environment_option
@var_options
@cache_option
@handle_config_errors
def command(specs, output_format, strict, environment, var_pairs, var_files):
    """Check the specs against the schema and every rule of the vendor's guide."""
    started = time.monotonic()
    config = project()
    env = config.environment(environment)
    result = validate_path(specs_path(config, specs), variables_for(env, var_files, var_pairs),
                           env.allow_symlinks_outside)
    click.echo(redact_text(FORMATS[output_format](result.diagnostics, strict, result.loaded.files)), nl=False)
    options.detail(f"validated {len(result.loaded.files)} files of {specs_path(config, specs)} in "
                   f"{time.monotonic() - started:.2f} s; project file: {config.file or 'none'}; rule settings: "
                   f"{', '.join(f'{k}={v}' for k, v in sorted(config.rules.items())) or 'none'}")
    sys.exit(1 if result.fails(strict) else 0)
