"""`acdplan force-unlock ID`: remove a lock left by a run that died (as Terraform's)."""

from __future__ import annotations

import sys

import click

from acdplan.cli.common import EXIT_ERROR, environment_option, handle_config_errors, project
from acdplan.manager import state_store


@click.command("force-unlock")
@click.argument("lock_id")
@environment_option
@handle_config_errors
def command(lock_id, environment):
    """Remove the state lock LOCK_ID of an environment (only if that run is gone)."""
    env = project().environment(environment)
    backend = state_store(env)
    try:
        info = backend.force_unlock(lock_id)  # local: removes the lock file; postgres: ends the holder's session
    except LookupError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_ERROR)
    finally:
        backend.close()
    holder = f" (was held by {info.who} for {info.operation} since {info.created})" if info else ""
    click.echo(f"Unlocked the state of {env.name}{holder}.")
    note = getattr(backend, "unlock_note", None)  # postgres: whether a session was ended, and which
    if note:
        click.echo(f"acdplan: {note}", err=True)
