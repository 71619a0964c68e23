"""`acdplan sla`: when a channel's contacts must be answered and resolved, in working time (F26-F28)."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime

import click

from acdplan.cli.common import (
    EXIT_ERROR,
    channel_or_exit,
    environment_option,
    handle_config_errors,
    validated_model,
    var_options,
)
from acdplan.model.values import parse_duration
from acdplan.report.escape import json_text
from acdplan.report.sla_table import SLA_FORMATS
from acdplan.sla import CalendarError, deadlines, tenant_calendar, week_table
from acdplan.sla.deadlines import monday_of


def _moment(ctx, param, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO 8601 time such as 2026-11-27T16:30:00+01:00") from None


def _day(ctx, param, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date such as 2026-11-23") from None


def _every(ctx, param, value: str) -> int:
    minutes = int(value) if value.strip().isdigit() else parse_duration(value)
    if not minutes or minutes <= 0 or minutes > 24 * 60:
        raise click.BadParameter(f"{value!r} is not a step between 1m and 1d (e.g. 4h, 90m, 30)")
    return minutes


@click.command("sla")
@click.argument("channel", required=False)
@click.option("--at", "at", callback=_moment, metavar="TIME",
              help="Arrival time, ISO 8601 (a time without offset is the tenant's); default: a week's table.")
@click.option("--from", "first_day", callback=_day, metavar="DATE",
              help="First day of the week's table (default: this week's Monday, in the tenant's time zone).")
@click.option("--every", "every", default="4h", show_default=True, callback=_every, metavar="STEP",
              help="Arrival times of the week's table: every STEP from midnight (minutes, or 1h30m).")
@click.option("--format", "output_format", type=click.Choice(sorted(SLA_FORMATS)), default="text", show_default=True)
@click.option("--specs", "specs", type=click.Path(), default=None, help="Spec folder (default: acdplan.yaml's `specs:`).")
@environment_option
@var_options
@handle_config_errors
def command(channel, at, first_day, every, output_format, specs, environment, var_pairs, var_files):
    """First-response and resolution deadlines of a contact, counting only the tenant's working hours."""
    spec = validated_model(specs, environment, var_files, var_pairs)
    channel_or_exit(spec, channel)
    if spec.tenant.working_hours is None:
        click.echo("warning: the tenant has no working hours (SL004): every minute counts, times in UTC", err=True)
    try:
        calendar = tenant_calendar(spec)
        if at is not None:
            names = [channel] if channel else sorted(spec.channels)
            rows = [deadlines(spec, spec.channels[name], at, calendar) for name in names]
            if output_format == "json" and channel:
                click.echo(json_text(json.dumps(rows[0].as_json(), ensure_ascii=False)))
                return
        else:
            start = first_day or monday_of(datetime.now(calendar.zone))
            rows = week_table(spec, start, every, [channel] if channel else None)
    except CalendarError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_ERROR)
    except OverflowError:
        click.echo("error: a deadline falls outside the calendar (years 1 to 9999)", err=True)
        sys.exit(EXIT_ERROR)
    click.echo(SLA_FORMATS[output_format](rows), nl=False)
