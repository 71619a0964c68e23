"""The `--target ADDRESS` option of plan and apply, and its errors, for the command line."""

from __future__ import annotations

from collections.abc import Callable

import click

from acdplan.plan.targeting import UnknownTarget
from acdplan.plan.targeting import restrict_run as _restrict_run


def target_option(command: Callable) -> Callable:
    return click.option("--target", "targets", multiple=True, metavar="ADDRESS",
                        help="Only this object and what it depends on, e.g. skill.IG_Direct_FR (repeatable).")(command)


def restrict_run(run, targets: tuple[str, ...]) -> None:
    """The plan cut to the targets; an unknown address is a usage error (exit 1) naming the closest one."""
    try:
        _restrict_run(run, targets)
    except UnknownTarget as error:
        run.close()
        raise click.UsageError(str(error)) from None


def refuse_targets_with_saved_plan(targets: tuple[str, ...]) -> None:
    if targets:
        raise click.UsageError("--target goes with `plan -o PLANFILE`: a saved plan is applied as it was reviewed")
