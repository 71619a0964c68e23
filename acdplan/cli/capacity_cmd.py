"""`acdplan capacity`: per channel with demand, the predicted share of first responses in time."""

from __future__ import annotations

import sys

import click

from acdplan.capacity.predict import DEFAULT_REPLICATIONS, DEFAULT_SEED, forecast
from acdplan.cli.common import (
    EXIT_ERROR,
    channel_or_exit,
    environment_option,
    handle_config_errors,
    validated_model,
    var_options,
)
from acdplan.report.capacity_table import CAPACITY_FORMATS
from acdplan.report.escape import terminal
from acdplan.sla import CalendarError


@click.command("capacity")
@click.argument("channel", required=False)
@click.option("--format", "output_format", type=click.Choice(sorted(CAPACITY_FORMATS)), default="text", show_default=True)
@click.option("--replications", type=click.IntRange(2, 1000), default=DEFAULT_REPLICATIONS, show_default=True,
              help="Most weeks simulated: weeks are added until every ± (the 95% interval) is within 1 point.")
@click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True, help="The same seed gives the same figures.")
@click.option("--specs", "specs", type=click.Path(), default=None, help="Spec folder (default: acdplan.yaml's `specs:`).")
@environment_option
@var_options
@handle_config_errors
def command(channel, output_format, replications, seed, specs, environment, var_pairs, var_files):
    """Predict, for each channel with demand, the share of contacts answered within its first-response target
    over a week of working hours (a simulation: docs/CAPACITY.md). Exit 1 when one falls below its goal."""
    spec = validated_model(specs, environment, var_files, var_pairs)
    channel_or_exit(spec, channel)
    if channel is not None and spec.channels[channel].demand is None:
        click.echo(terminal(f"error: channel {channel!r} has no demand: add `demand:` (docs/CAPACITY.md)"), err=True)
        sys.exit(EXIT_ERROR)
    try:
        rows = forecast(spec, [channel] if channel else None, replications, seed)
    except CalendarError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_ERROR)
    weeks = max((row.weeks for row in rows), default=0)
    note = f"{weeks} simulated weeks (seed {seed}); ± is the 95% interval. Model: docs/CAPACITY.md."
    click.echo(CAPACITY_FORMATS[output_format](rows, note), nl=False)
    sys.exit(EXIT_ERROR if any(row.below_goal for row in rows) else 0)
