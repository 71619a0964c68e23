"""`acdplan import ADDRESS TENANT_ID`: adopt one object of the tenant into the state (as Terraform's).

The object is recorded as it is in the tenant, so the next plan shows exactly what the specs
would change on it; the tenant is not touched.
"""

from __future__ import annotations

import sys

import click

from acdplan.cli.common import EXIT_ERROR, environment_option, handle_config_errors, project
from acdplan.state import LockHeld, StateConflict, open_backend
from acdplan.state.adopt import adoption
from acdplan.state.text import printable


@click.command("import")
@click.argument("address")
@click.argument("tenant_id")
@environment_option
@click.option("--lock-timeout", type=float, default=0.0, show_default=True, help="Seconds to wait for the state lock.")
@handle_config_errors
def command(address, tenant_id, environment, lock_timeout):
    """Record the tenant's object TENANT_ID as ADDRESS (KIND.NAME) in the state, without changing it."""
    from acdplan.providers import open_provider

    env = project().environment(environment)
    backend = open_backend(env)
    provider = open_provider(env)
    try:
        with backend.lock("import", lock_timeout):
            state = backend.read()
            operations = adoption(state, provider.read(), address, tenant_id)
            serial = backend.record(state, operations)
            backend.checkpoint(state)
    except (LookupError, ValueError) as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_ERROR)
    except (LockHeld, StateConflict) as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_ERROR)
    finally:
        provider.close()
        backend.close()
    click.echo(f"Imported {printable(address)} (id {printable(tenant_id)}) into the state of {env.name} "
               f"(serial {serial}); the next plan compares it with the specs.")
