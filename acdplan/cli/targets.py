"""The `--target ADDRESS` option of plan and apply."""

from __future__ import annotations

from collections.abc import Callable

import click


def target_option(command: Callable) -> Callable:
    return click.option("--target", "targets", multiple=True, metavar="ADDRESS",
                        help="Only this object and what it depends on, e.g. skill.IG_Direct_FR (repeatable).")(command)


def refuse_targets_with_saved_plan(targets: tuple[str, ...]) -> None:
    """A saved plan is applied as it was reviewed (its own targets, if any, are in it)."""
    if targets:
        raise click.UsageError("--target goes with `plan -o PLANFILE`: a saved plan is applied as it was reviewed")
