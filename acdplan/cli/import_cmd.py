"""`acdplan import ADDRESS TENANT_ID`: adopt one object of the tenant into the state (as Terraform's).

The object is recorded as it is in the tenant, so the next plan shows exactly what the specs
would change on it; the tenant is not touched.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from acdplan.cli.common import EXIT_ERROR, environment_option, handle_config_errors, project
from acdplan.promote import object_spec, write_new_file
from acdplan.state import LockHeld, StateConflict, open_backend
from acdplan.state.adopt import adoption
from acdplan.state.text import printable


@click.command("import")
@click.argument("address")
@click.argument("tenant_id")
@environment_option
@click.option("--lock-timeout", type=float, default=0.0, show_default=True, help="Seconds to wait for the state lock.")
@click.option("--generate-config", "generate_config", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="Also write the object's spec, as export would, to FILE (a new file: never replaced).")
@handle_config_errors
def command(address, tenant_id, environment, lock_timeout, generate_config):
    """Record the tenant's object TENANT_ID as ADDRESS (KIND.NAME) in the state, without changing it."""
    from acdplan.providers import open_provider

    env = project().environment(environment)
    if generate_config and Path(generate_config).exists():
        click.echo(f"error: {generate_config} exists already: --generate-config writes a new file", err=True)
        sys.exit(EXIT_ERROR)
    backend = open_backend(env)
    written = ""
    provider = open_provider(env)
    try:
        with backend.lock("import", lock_timeout):
            state = backend.read()
            snapshot = provider.read()
            operations = adoption(state, snapshot, address, tenant_id)
            spec = object_spec(snapshot, address, provider.export_hints(), env.name) if generate_config else ""
            serial = backend.record(state, operations)
            backend.checkpoint(state)
            if generate_config:
                write_new_file(Path(generate_config), spec)
                written = f"; its spec is in {printable(generate_config)}: move it into the specs"
    except (LookupError, ValueError, OSError) as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_ERROR)
    except (LockHeld, StateConflict) as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_ERROR)
    finally:
        provider.close()
        backend.close()
    click.echo(f"Imported {printable(address)} (id {printable(tenant_id)}) into the state of {env.name} "
               f"(serial {serial}); the next plan compares it with the specs{written}.")
