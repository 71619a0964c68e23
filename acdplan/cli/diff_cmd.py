"""`acdplan diff -e A -e B`: what A's tenant has that B's lacks, as a plan of A's objects onto B.

Both tenants are read, never changed; values a spec tagged `!sensitive` (recorded as such in the
environment's state) show as `(sensitive)`. Exit 0 when they hold the same objects, 2 when they
differ (as `plan --detailed-exitcode`), 1 on an error.
"""

from __future__ import annotations

import sys

import click

from acdplan.cli.common import EXIT_ERROR, handle_config_errors, project
from acdplan.promote import hide_recorded_secrets, tenant_diff
from acdplan.providers import ProviderError, open_provider
from acdplan.report.plan_formats import PLAN_FORMATS
from acdplan.state import open_backend


@click.command("diff")
@click.option("-e", "--environment", "environments", multiple=True, metavar="ENV",
              help="Twice: the environment whose tenant is compared (A), then the one it is compared with (B).")
@click.option("--format", "output_format", type=click.Choice(sorted(PLAN_FORMATS)), default="text", show_default=True)
@handle_config_errors
def command(environments, output_format):
    """Show what A's tenant has that B's lacks (create), what differs (update) and what only B has (delete)."""
    if len(environments) != 2:
        click.echo("error: give two environments: acdplan diff -e A -e B", err=True)
        sys.exit(EXIT_ERROR)
    config = project()
    snapshots = []
    for name in environments:
        env = config.environment(name)
        provider = open_provider(env)
        try:
            snapshots.append(provider.read())
        except ProviderError as error:
            click.echo(f"error: cannot read the tenant of environment {env.name!r}: {error}", err=True)
            sys.exit(EXIT_ERROR)
        finally:
            provider.close()
        backend = open_backend(env)  # what a spec tagged !sensitive, the state keeps as (sensitive)
        try:
            hide_recorded_secrets(backend.read(), snapshots[-1])
        finally:
            backend.close()
    source, target = environments
    plan = tenant_diff(snapshots[0], snapshots[1], source, target)
    rendered = PLAN_FORMATS[output_format](plan, color=False)
    if output_format == "text":
        head, _, rest = rendered.partition("\n")
        rendered = f"acdplan diff: {source}'s tenant onto {target}'s, as a plan would apply it\n" + rest
    click.echo(rendered, nl=False)
    sys.exit(2 if plan.has_changes else 0)
