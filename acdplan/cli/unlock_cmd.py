"""`acdplan force-unlock ID`: remove a lock left by a run that died (as Terraform's)."""

from __future__ import annotations

import sys

import click

from acdplan.cli.common import EXIT_ERROR, environment_option, handle_config_errors, project
from acdplan.manager import state_store
from acdplan.state import force_unlock


@click.command("force-unlock")
@click.argument("lock_id")
@environment_option
@handle_config_errors
def command(lock_id, environment):
    """Remove the state lock LOCK_ID of an environment (only if that run is gone)."""
    env = project().environment(environment)
    try:
        info = force_unlock(state_store(env).lock_path, lock_id)
    except LookupError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_ERROR)
    holder = f" (was held by {info.who} for {info.operation} since {info.created})" if info else ""
    click.echo(f"Unlocked the state of {env.name}{holder}.")
