"""`acdplan report -o report.html`: the plan, graph, coverage, SLA table and runbook on one page."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from acdplan import manager
from acdplan.cli.common import (
    EXIT_ERROR,
    environment_option,
    handle_errors,
    plan_option_flags,
    print_diagnostics,
    project,
    specs_path,
    var_options,
    variables_for,
)
from acdplan.cli.sla_cmd import _day, _every


@click.command("report")
@click.argument("specs", required=False, type=click.Path())
@environment_option
@click.option("-o", "--out", "out", required=True, type=click.Path(dir_okay=False), help="The HTML file to write.")
@plan_option_flags
@click.option("--sla-from", "sla_from", callback=_day, metavar="DATE",
              help="First day of the SLA table (default: this week's Monday, in the tenant's time zone).")
@click.option("--sla-every", "sla_every", default="4h", show_default=True, callback=_every, metavar="STEP",
              help="Arrival times of the SLA table: every STEP from midnight.")
@var_options
@handle_errors
def command(specs, environment, out, force, import_existing, sla_from, sla_every, var_pairs, var_files):
    """Write one self-contained HTML page to review a plan: diffs, graph, coverage, SLAs, runbook."""
    from acdplan.report.html import ReportOptions, render_report
    from acdplan.sla import CalendarError, tenant_calendar
    from acdplan.sla.deadlines import monday_of

    config = project()
    env = config.environment(environment)
    validation = manager.validate(specs_path(config, specs), variables_for(env, var_files, var_pairs),
                                  env.allow_symlinks_outside)
    print_diagnostics(validation.diagnostics)
    if validation.spec is None or validation.errors:
        sys.exit(EXIT_ERROR)
    with manager.Session.open(env) as session:  # the same plan as `acdplan plan`, keeping the model
        plan = session.plan(validation, manager.PlanOptions(force=force, import_existing=import_existing))
    spec = validation.spec
    if sla_from is None:
        try:
            sla_from = monday_of(datetime.now(tenant_calendar(spec).zone))
        except CalendarError:
            sla_from = monday_of(datetime.now())
    try:
        from acdplan.state.atomic import atomic_write

        if not Path(out).absolute().parent.is_dir():  # as before: the folder must exist
            raise FileNotFoundError(2, "No such file or directory", out)
        atomic_write(Path(out), render_report(spec, plan, ReportOptions(sla_from, sla_every)).encode("utf-8"),
                     backup=False, mode=0o644)
    except OSError as error:
        click.echo(f"error: cannot write {out}: {error.strerror}", err=True)
        sys.exit(EXIT_ERROR)
    click.echo(f"Wrote the report to {out}.", err=True)
    if plan.errors:
        print_diagnostics(plan.diagnostics)
        sys.exit(EXIT_ERROR)
