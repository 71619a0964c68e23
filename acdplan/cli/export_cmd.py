"""`acdplan export -e ENV -o DIR`: write the tenant's configuration as spec files (brownfield start)."""

from __future__ import annotations

import sys

import click

from acdplan.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    environment_option,
    handle_config_errors,
    project,
    specs_path,
    variables_for,
)
from acdplan.export import ExportError, write_export
from acdplan.promote import SelectionError, selected, skipped_sections, with_references
from acdplan.providers import ProviderError, open_provider


def mark_project_secrets(config, env) -> None:
    """Mark what the project says is sensitive (its `sensitive_vars` and the `!sensitive` values
    of its specs, when it has them): the export leaves those values out (acdplan/export.py)."""
    from acdplan.validate import validate_path

    variables = variables_for(env, (), ())
    specs = specs_path(config, None)
    if specs.exists():
        validate_path(specs, variables, env.allow_symlinks_outside)  # loading marks them; findings are not ours


def mark_recorded_secrets(env, snapshot) -> None:
    """Mark what the state recorded as `(sensitive)`: the tenant's value at that place is a
    secret even when this run's specs or variables cannot say so (a variable not given)."""
    from acdplan import sensitive
    from acdplan.config import ConfigError
    from acdplan.state import open_backend

    try:
        backend = open_backend(env)
        try:
            resources = backend.read().resources
        finally:
            backend.close()
    except ConfigError:  # no readable state: the specs' and variables' marks are what there is
        return
    for address, body in resources.items():
        kind, _, name = address.partition(".")
        recorded, current = (body or {}).get("document"), snapshot.objects.get(kind, {}).get(name)
        if current is not None and sensitive.has_redacted(recorded):
            sensitive.mark_recorded(recorded, current)


@click.command("export")
@environment_option
@click.option("-o", "--out", "out", type=click.Path(file_okay=False), default="exported", show_default=True,
              help="Folder to write the spec files into (one file per section).")
@click.option("--force", is_flag=True, help="Replace the spec files the folder already holds.")
@click.option("--only", "only", multiple=True, metavar="ADDRESS",
              help="Only this object (KIND.NAME, repeatable) and everything it refers to: for promotion to "
                   "another business unit. The tenant's settings only when tenant.settings is named.")
@handle_config_errors
def command(environment, out, force, only):
    """Write the tenant's current configuration as spec files: names, not ids; defaults left out."""
    config = project()
    env = config.environment(environment)
    mark_project_secrets(config, env)
    provider = open_provider(env)
    try:
        snapshot = provider.read()
        mark_recorded_secrets(env, snapshot)
        hints = provider.export_hints()
        skip: set[str] = set()
        if only:
            chosen = with_references(snapshot, only)
            snapshot, skip = selected(snapshot, chosen), skipped_sections(chosen)
        written = write_export(snapshot, out, hints, environment=env.name, force=force, skip=skip)
    except (ExportError, SelectionError) as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_ERROR)
    except OSError as error:
        click.echo(f"error: cannot write the export: {error.strerror or error}", err=True)
        sys.exit(EXIT_ERROR)
    except ProviderError as error:  # the tenant could not be read: the provider's message is already redacted
        click.echo(f"error: cannot read the tenant of environment {env.name!r}: {error}", err=True)
        sys.exit(EXIT_ERROR)
    finally:
        provider.close()
    for path in written:
        click.echo(str(path))
    click.echo(f"Exported {len(written)} spec files to {out}; check them with: acdplan validate {out}", err=True)
    sys.exit(EXIT_OK)
