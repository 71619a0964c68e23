"""`acdplan plan`: validate, read the tenant, print the ordered changes (optionally save them)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from acdplan import manager
from acdplan.cli import options
from acdplan.cli.cache_option import cache_option
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
from acdplan.cli.targets import target_option
from acdplan.report.plan_formats import PLAN_FORMATS

EXIT_CHANGES = 2


@click.command("plan")
@click.argument("specs", required=False, type=click.Path())
@environment_option
@click.option("-o", "--out", "out", type=click.Path(dir_okay=False), help="Save the plan to FILE for `acdplan apply FILE`.")
@click.option("--format", "output_format", type=click.Choice(sorted(PLAN_FORMATS)), default="text", show_default=True)
@click.option("--detailed-exitcode", is_flag=True, help="Exit 0 no changes, 1 error, 2 changes.")
@click.option("--refresh-only", is_flag=True,
              help="Only what the tenant changed since the last apply: recorded in the state, nothing proposed to the tenant.")
@plan_option_flags
@click.option("--lock-timeout", type=float, default=0.0, show_default=True, help="Seconds to wait for the state lock (with -o).")
@click.option("--color/--no-color", default=None, help="Colour the text format (default: only on a terminal).")
@target_option
@var_options
@cache_option
@handle_errors
def command(specs, environment, out, output_format, detailed_exitcode, refresh_only, force, import_existing, lock_timeout,
            color, var_pairs, var_files, targets):
    """Show what apply would change in the tenant, in dependency order."""
    config = project()
    env = config.environment(environment)
    outcome = manager.plan(specs_path(config, specs), env, variables_for(env, var_files, var_pairs),
                           options=manager.PlanOptions(force=force, import_existing=import_existing, targets=targets,
                                                       refresh_only=refresh_only),
                           save_to=Path(out) if out else None, lock_timeout=lock_timeout)
    print_diagnostics(outcome.diagnostics)
    if isinstance(outcome, manager.Rejected):
        sys.exit(EXIT_ERROR)
    plan = outcome.plan
    if color is None:
        color = output_format == "text" and sys.stdout.isatty()
    if plan.errors:  # as Terraform: the errors, once, and no plan (a plan with errors is no plan to read)
        if output_format == "json" or (output_format != "text" and _only_denials(plan)):
            # A program reading stdout still gets its document, diagnostics inside; a plan refused only by the
            # project's policies is still shown (the PR comment says which change is denied, docs/PLUGINS.md).
            click.echo(PLAN_FORMATS[output_format](plan, color=color), nl=False)
        print_diagnostics(plan.diagnostics)
        sys.exit(EXIT_ERROR)
    click.echo(PLAN_FORMATS[output_format](plan, color=color), nl=False)
    if out:
        options.info(f"Saved the plan to {out}; apply it with: acdplan apply {out}")
    sys.exit(EXIT_CHANGES if detailed_exitcode and plan.has_changes else 0)


def _only_denials(plan) -> bool:
    """The plan is sound and only the project's policies refuse it (a bad --target or IM001 is no plan to show)."""
    from acdplan.policies import current_policies

    denying = {policy.id for policy in current_policies()}
    return all(diagnostic.rule in denying for diagnostic in plan.errors)
