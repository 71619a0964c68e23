"""`acdplan apply`: carry out a saved plan, or plan and apply specs, step by step under a lock."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from acdplan import manager
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
from acdplan.cli.progress import ApplyProgress, describe_result
from acdplan.cli.targets import refuse_targets_with_saved_plan, target_option
from acdplan.report.plan_formats import PLAN_FORMATS
from acdplan.report.plan_text import summary_line

DECLINED = {  # why a plan was not applied -> (message, exit code)
    "errors": ("", EXIT_ERROR),
    "no changes": ("No changes. The tenant matches the specs.", 0),
    "cancelled": ("Apply cancelled; nothing was changed.", EXIT_ERROR),
    "preflight": ("Apply refused before any step ran; nothing was changed.", EXIT_ERROR),
}


@click.command("apply")
@click.argument("target", required=False, metavar="[PLANFILE|SPECS]", type=click.Path())
@environment_option
@click.option("--auto-approve", is_flag=True, help="Apply without asking for confirmation.")
@click.option("--parallelism", type=click.IntRange(1, 64), default=4, show_default=True, help="Independent steps run at once.")
@click.option("--refresh-only", is_flag=True,
              help="Only what the tenant changed since the last apply: recorded in the state, nothing proposed to the tenant.")
@plan_option_flags
@click.option("--lock-timeout", type=float, default=0.0, show_default=True, help="Seconds to wait for the state lock.")
@click.option("--color/--no-color", default=None, help="Colour the plan (default: only on a terminal).")
@target_option
@var_options
@cache_option
@handle_errors
def command(target, environment, auto_approve, parallelism, refresh_only, force, import_existing, lock_timeout, color,
            var_pairs, var_files, targets):
    """Apply a plan: in dependency order, recording state after every step."""
    config = project()
    env = config.environment(environment)
    if color is None:
        color = sys.stdout.isatty()
    is_plan_file = manager.is_saved_plan(target)
    refuse_targets_with_saved_plan(targets if is_plan_file else ())
    path = Path(target) if is_plan_file else specs_path(config, target)

    def review(plan, confirm: bool) -> bool:
        click.echo(PLAN_FORMATS["text"](plan, color=color), nl=False)
        return auto_approve or not confirm or _confirmed()

    progress = ApplyProgress()
    outcome = manager.apply(path, env, variables_for(env, var_files, var_pairs), specs=specs_path(config, None),
                           options=manager.PlanOptions(force=force, import_existing=import_existing, targets=targets,
                                                       refresh_only=refresh_only),
                            lock_timeout=lock_timeout, parallelism=parallelism, review=review, on_step=progress)
    progress.close()
    print_diagnostics(outcome.diagnostics)
    if isinstance(outcome, manager.Rejected):
        sys.exit(EXIT_ERROR)
    if isinstance(outcome, manager.Declined):
        message, code = DECLINED[outcome.why]
        if outcome.why == "errors":  # the errors, once, and no plan (as `plan` does)
            print_diagnostics(outcome.plan.diagnostics)
        elif outcome.why == "no changes" and outcome.plan.options.get("refresh_only"):
            click.echo(summary_line(outcome.plan))
        elif message:
            click.echo(message, err=code != 0)
        sys.exit(code)
    click.echo(describe_result(outcome.result))
    sys.exit(outcome.result.exit_code)


def _confirmed() -> bool:
    if not sys.stdin or not sys.stdin.isatty():
        click.echo("error: apply needs a confirmation and there is no terminal to ask: "
                   "review the plan and run again with --auto-approve", err=True)
        return False
    return click.confirm("Apply these changes?", default=False, err=True)
