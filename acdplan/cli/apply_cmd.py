"""`acdplan apply`: carry out a saved plan, or plan and apply specs, step by step under a lock."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from acdplan.apply import StalePlan
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
from acdplan.cli.progress import ApplyProgress, describe_result
from acdplan.cli.targets import refuse_targets_with_saved_plan, restrict_run, target_option
from acdplan.manager import PlanRun, apply_run, load_saved_plan, lock_for, open_saved_plan, plan_environment
from acdplan.report.plan_formats import PLAN_FORMATS
from acdplan.state import LockHeld


def is_saved_plan(target: str | None) -> bool:
    """A saved plan is a JSON file (what `plan -o` writes); anything else is a spec file or folder."""
    if not target or not Path(target).is_file():
        return False
    try:
        with open(target, "rb") as handle:
            head = handle.read(64).lstrip()
        if not head.startswith(b"{"):
            return False
        document = json.loads(Path(target).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(document, dict) and "changes" in document and "state_fingerprint" in document


@click.command("apply")
@click.argument("target", required=False, metavar="[PLANFILE|SPECS]", type=click.Path())
@environment_option
@click.option("--auto-approve", is_flag=True, help="Apply without asking for confirmation.")
@click.option("--parallelism", type=click.IntRange(1, 64), default=4, show_default=True, help="Independent steps run at once.")
@click.option("--force", is_flag=True, help="Accept a plan over the safety threshold of deletions.")
@click.option("--lock-timeout", type=float, default=0.0, show_default=True, help="Seconds to wait for the state lock.")
@click.option("--color/--no-color", default=None, help="Colour the plan (default: only on a terminal).")
@target_option
@var_options
@handle_config_errors
def command(target, environment, auto_approve, parallelism, force, lock_timeout, color, var_pairs, var_files, targets):
    """Apply a plan: in dependency order, recording state after every step."""
    config = project()
    env = config.environment(environment)
    if color is None:
        color = sys.stdout.isatty()
    try:
        with lock_for(env, "apply", lock_timeout):
            if is_saved_plan(target):
                refuse_targets_with_saved_plan(targets)
                auto_approve = True  # a saved plan was reviewed: applied without asking, as `terraform apply PLANFILE`
                try:
                    run = open_saved_plan(load_saved_plan(Path(target)), env)
                except StalePlan as error:
                    click.echo(f"error: {error}", err=True)
                    sys.exit(EXIT_ERROR)
            else:
                run = plan_environment(specs_path(config, target), env, variables_for(env, var_files, var_pairs), force=force)
                restrict_run(run, targets)
                print_diagnostics(run.validation.diagnostics)
                if run.plan is None:
                    sys.exit(EXIT_ERROR)
            code = _apply(run, auto_approve, parallelism, color)
    except LockHeld as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_ERROR)
    sys.exit(code)


def _apply(run: PlanRun, auto_approve: bool, parallelism: int, color: bool) -> int:
    plan = run.plan
    try:
        if plan.errors:
            click.echo(PLAN_FORMATS["text"](plan, color=color), nl=False)
            print_diagnostics(plan.diagnostics)
            return EXIT_ERROR
        if not plan.has_changes:
            click.echo("No changes. The tenant matches the specs.")
            return 0
        click.echo(PLAN_FORMATS["text"](plan, color=color), nl=False)
        if not auto_approve and not _confirmed():
            click.echo("Apply cancelled; nothing was changed.", err=True)
            return EXIT_ERROR
        refusals = run.provider.preflight(plan)
        if refusals:
            print_diagnostics(refusals)
            if any(d.is_error for d in refusals):
                click.echo("Apply refused before any step ran; nothing was changed.", err=True)
                return EXIT_ERROR
        progress = ApplyProgress()
        result = apply_run(run, parallelism=parallelism, on_step=progress)
        progress.close()
        click.echo(describe_result(result))
        return result.exit_code
    finally:
        run.close()


def _confirmed() -> bool:
    if not sys.stdin or not sys.stdin.isatty():
        click.echo("error: apply needs a confirmation and there is no terminal to ask: "
                   "review the plan and run again with --auto-approve", err=True)
        return False
    return click.confirm("Apply these changes?", default=False, err=True)
