"""`acdplan plan`: validate, read the tenant, print the ordered changes (optionally save them)."""

from __future__ import annotations

import sys

import click

from acdplan.cli import options
from acdplan.cli.common import (
    EXIT_ERROR,
    environment_option,
    handle_config_errors,
    print_diagnostics,
    project,
    specs_path,
    var_options,
    variables_for,
)
from acdplan.cli.targets import restrict_run, target_option
from acdplan.manager import lock_for, plan_environment, save_plan
from acdplan.report.plan_formats import PLAN_FORMATS
from acdplan.state import LockHeld

EXIT_CHANGES = 2


@click.command("plan")
@click.argument("specs", required=False, type=click.Path())
@environment_option
@click.option("-o", "--out", "out", type=click.Path(dir_okay=False), help="Save the plan to FILE for `acdplan apply FILE`.")
@click.option("--format", "output_format", type=click.Choice(sorted(PLAN_FORMATS)), default="text", show_default=True)
@click.option("--detailed-exitcode", is_flag=True, help="Exit 0 no changes, 1 error, 2 changes.")
@click.option("--force", is_flag=True, help="Accept a plan over the safety threshold of deletions.")
@click.option("--lock-timeout", type=float, default=0.0, show_default=True, help="Seconds to wait for the state lock (with -o).")
@click.option("--color/--no-color", default=None, help="Colour the text format (default: only on a terminal).")
@target_option
@var_options
@handle_config_errors
def command(specs, environment, out, output_format, detailed_exitcode, force, lock_timeout, color, var_pairs, var_files,
            targets):
    """Show what apply would change in the tenant, in dependency order."""
    config = project()
    env = config.environment(environment)
    variables = variables_for(env, var_files, var_pairs)
    path = specs_path(config, specs)
    if out:
        try:
            with lock_for(env, "plan", lock_timeout):
                run = plan_environment(path, env, variables, force=force)
                restrict_run(run, targets)
                code = _report(run, output_format, color)
                if run.ok:
                    save_plan(run.plan, out)
                    options.info(f"Saved the plan to {out}; apply it with: acdplan apply {out}")
        except LockHeld as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(EXIT_ERROR)
    else:
        run = plan_environment(path, env, variables, force=force)
        restrict_run(run, targets)
        code = _report(run, output_format, color)
    run.close()
    if code == 0 and detailed_exitcode and run.plan.has_changes:
        code = EXIT_CHANGES
    sys.exit(code)


def _report(run, output_format: str, color: bool | None) -> int:
    print_diagnostics(run.validation.diagnostics)
    if run.plan is None:
        return EXIT_ERROR
    if color is None:
        color = output_format == "text" and sys.stdout.isatty()
    click.echo(PLAN_FORMATS[output_format](run.plan, color=color), nl=False)
    if run.plan.errors:
        print_diagnostics(run.plan.diagnostics)
        return EXIT_ERROR
    return 0
