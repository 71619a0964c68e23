"""`acdplan confirm [-e ENV] ADDRESS...` / `--all`: record pending manual steps as done."""

from __future__ import annotations

import sys

import click

from acdplan.cli.common import EXIT_ERROR, environment_option, handle_config_errors, project
from acdplan.confirm import NothingToConfirm, confirm
from acdplan.report.escape import terminal


@click.command("confirm")
@click.argument("addresses", nargs=-1, metavar="ADDRESS...")
@click.option("--all", "everything", is_flag=True, help="Confirm every pending manual step of the environment.")
@environment_option
@click.option("--lock-timeout", type=float, default=0.0, show_default=True, help="Seconds to wait for the state lock.")
@handle_config_errors
def command(addresses, everything, environment, lock_timeout):
    """Record that a person did the pending manual steps of ADDRESS... (or of all, with --all).

    Who (ACDPLAN_ACTOR, the CI's actor, else the OS user), when and the values are kept in the
    state and its history; the next plan then compares the tenant with them."""
    if bool(addresses) == everything:
        raise click.UsageError("give the ADDRESS... of the objects whose manual steps are done, or --all")
    env = project().environment(environment)
    try:
        done = confirm(env, list(addresses), everything, lock_timeout)
    except NothingToConfirm as error:
        click.echo(f"error: {terminal(str(error))}", err=True)
        sys.exit(EXIT_ERROR)
    if not done.addresses:
        click.echo(f"No pending manual steps in {terminal(env.name)}.")
        return
    for address in done.addresses:
        click.echo(f"confirmed {terminal(address)}")
    click.echo(f"Recorded {len(done.addresses)} manual step{'s' if len(done.addresses) != 1 else ''} as done by "
               f"{terminal(done.by)} in the state of {terminal(env.name)} (serial {done.serial}).")
