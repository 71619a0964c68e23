"""`acdplan state ...`: read and repair an environment's state by hand, on any backend (as Terraform's).

Every command that writes takes the state lock and writes one new version (kept in the history,
with who and when); none of them touches the tenant.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import cast

import click

from acdplan.cli.common import EXIT_ERROR, environment_option, handle_config_errors, project
from acdplan.report.escape import json_text
from acdplan.state import LockHeld, StateConflict, StateStore, open_backend
from acdplan.state.document import shape_problem
from acdplan.state.history import describe_operations, runs
from acdplan.state.migrate import migrate
from acdplan.state.text import printable


def lock_timeout_option(command):
    return click.option("--lock-timeout", type=float, default=0.0, show_default=True,
                        help="Seconds to wait for the state lock.")(command)


def fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_ERROR)


class StateGroup(click.Group):
    """Errors every state command can meet: a lock held, a lost compare-and-swap, a bad address."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except LockHeld as error:
            fail(str(error))
        except StateConflict as error:
            fail(f"the state changed while this command ran: {error}")
        except LookupError as error:
            fail(error.args[0] if error.args else str(error))


@click.group("state", cls=StateGroup)
def command() -> None:
    """Inspect and edit the state: what acdplan manages, and every version of it."""


def _backend(environment: str | None):
    return open_backend(project().environment(environment))


@command.command("list")
@environment_option
@handle_config_errors
def list_command(environment):
    """The addresses acdplan manages, one a line."""
    backend = _backend(environment)
    try:
        for address in sorted(backend.read().resources):
            click.echo(printable(address))
    finally:
        backend.close()


@command.command("show")
@click.argument("address")
@environment_option
@handle_config_errors
def show_command(address, environment):
    """What the state holds for ADDRESS: the tenant's id and what acdplan last applied."""
    backend = _backend(environment)
    try:
        body = backend.read().resources.get(address)
    finally:
        backend.close()
    if body is None:
        raise LookupError(f"{printable(address)} is not in the state (see: acdplan state list)")
    click.echo(json.dumps({"address": address, **body}, indent=2, ensure_ascii=True, sort_keys=True))


def _write(environment: str | None, operation: str, lock_timeout: float, build) -> int:
    """Under the lock: read, let `build(state)` return the operations, record them as one version."""
    backend = _backend(environment)
    try:
        with backend.lock(operation, lock_timeout):
            state = backend.read()
            operations = build(state)
            serial = backend.record(state, operations)
            backend.checkpoint(state)
            return serial
    finally:
        backend.close()


@command.command("rm")
@click.argument("addresses", nargs=-1, required=True, metavar="ADDRESS...")
@environment_option
@lock_timeout_option
@handle_config_errors
def rm_command(addresses, environment, lock_timeout):
    """Forget ADDRESS: acdplan stops managing it; the tenant is not touched."""

    def build(state):
        missing = [address for address in addresses if address not in state.resources]
        if missing:
            raise LookupError(f"not in the state: {', '.join(printable(a) for a in missing)}")
        return [{"op": "delete", "path": ["resources", address]} for address in addresses]

    serial = _write(environment, "state rm", lock_timeout, build)
    click.echo(f"Removed {len(addresses)} object(s) from the state (serial {serial}); the tenant was not changed.")


@command.command("mv")
@click.argument("source", metavar="OLD")
@click.argument("destination", metavar="NEW")
@environment_option
@lock_timeout_option
@handle_config_errors
def mv_command(source, destination, environment, lock_timeout):
    """Move what the state holds for OLD to NEW (an object renamed in the tenant and the specs)."""
    if source.partition(".")[0] != destination.partition(".")[0] or "." not in destination:
        fail(f"OLD and NEW must be addresses of the same kind (KIND.NAME): {printable(source)} -> "
             f"{printable(destination)}")

    def build(state):
        if source not in state.resources:
            raise LookupError(f"{printable(source)} is not in the state")
        if destination in state.resources:
            raise LookupError(f"{printable(destination)} is already in the state: remove it first (acdplan state rm)")
        return [{"op": "set", "path": ["resources", destination], "value": state.resources[source]},
                {"op": "delete", "path": ["resources", source]}]

    serial = _write(environment, "state mv", lock_timeout, build)
    click.echo(f"Moved {printable(source)} to {printable(destination)} (serial {serial}).")


@command.command("pull")
@environment_option
@click.option("--serial", type=click.IntRange(1), default=None, help="An earlier version, rebuilt from the history.")
@click.option("--salvage", is_flag=True,
              help="Read what can be read of a damaged local state (the backup, the journal up to the damage).")
@handle_config_errors
def pull_command(environment, serial, salvage):
    """Print the state as JSON (for `state push`, or to inspect a version)."""
    env = project().environment(environment)
    backend = open_backend(env)
    try:
        if serial is not None:
            document = _rollback(backend, serial, env.name)
        elif salvage:
            if backend.name != "local":
                fail("--salvage reads damaged local files; a postgres state is read whole or not at all")
            document = _salvage(cast(StateStore, backend), env.name)  # name "local": a StateStore
            click.echo(f"acdplan: salvaged serial {document.get('serial')}; check it before "
                       "`acdplan state push --force`", err=True)
        else:
            document = backend.read().document
    finally:
        backend.close()
    document.setdefault("pending", {})  # the same keys from every backend
    click.echo(json_text(json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False)))  # no raw controls


def _rollback(backend, serial: int, environment: str) -> dict:
    """Version `serial` rebuilt from the history, ready to push as the next version: the state's
    lineage, and the serial it was pulled at (so `push` takes it without --force, and still
    refuses it if someone wrote the state meanwhile); `restored_from` says which version it is."""
    from acdplan.state.document import replay

    document = replay(backend.versions(), serial, environment)
    current = backend.read()
    document["lineage"] = document.get("lineage") or current.lineage
    if serial != current.serial:
        document["restored_from"] = serial
        document["serial"] = current.serial
    return document


def _salvage(store: StateStore, environment: str) -> dict:
    """What can be read of a damaged local state: the newest version found whole, whether that is
    the backup and journal up to the damage, or the history (which may reach further)."""
    from acdplan.state.corrupt import StateUnusable
    from acdplan.state.document import replay

    document = store.read(salvage=True).document
    try:
        versions = store.versions()
    except StateUnusable:  # a damaged journal: its whole records were read up to the damage above
        return document
    newest = versions[-1]["serial"] if versions else 0
    if newest > document.get("serial", 0):
        try:
            rebuilt = replay(versions, newest, environment)
        except LookupError:
            return document  # the history does not reach back to a whole version
        rebuilt["lineage"] = rebuilt.get("lineage") or document.get("lineage", "")
        return rebuilt
    return document


@command.command("push")
@click.argument("file", type=click.Path(dir_okay=False))
@environment_option
@click.option("--force", is_flag=True, help="Skip the lineage and serial checks (e.g. to restore a backup).")
@lock_timeout_option
@handle_config_errors
def push_command(file, environment, force, lock_timeout):
    """Write FILE (from `state pull`) as the next version of the state, if the state is still the
    version FILE was pulled from (same lineage and serial)."""
    document = _read_state_file(Path(file))
    document.pop("restored_from", None)  # `pull --serial N`'s note: the version pushed is this one
    backend = _backend(environment)
    try:
        with backend.lock("state push", lock_timeout):
            expected = None
            if not force:
                current = backend.read()
                if current.lineage and document.get("lineage") != current.lineage:
                    fail(f"{file} is another state (lineage {document.get('lineage')!r}, this state is "
                         f"{current.lineage!r}); use --force to replace it anyway")
                if document.get("serial", 0) != current.serial:
                    fail(f"{file} was pulled at serial {document.get('serial', 0)}, and the state is now at "
                         f"serial {current.serial}: pull again, or use --force")
                expected = current.serial
            serial = backend.replace(document, expected)
    finally:
        backend.close()
    click.echo(f"Pushed {file} as serial {serial} of the state.")


def _read_state_file(path: Path) -> dict:
    from acdplan.state.corrupt import StateUnusable, json_position

    try:
        document = json.loads(path.read_bytes())
    except OSError as error:
        raise StateUnusable("ST001", f"cannot read {path}: {error.strerror}", str(path)) from None
    except ValueError as error:
        line, column = json_position(error)
        raise StateUnusable("ST001", f"{path} is not a state: not valid JSON ({getattr(error, 'msg', error)})",
                            str(path), line, column) from None
    problem = shape_problem(document)
    if problem:
        raise StateUnusable("ST001", f"{path} is not a state: {problem}", str(path))
    return document


@command.command("history")
@environment_option
@click.option("--json", "as_json", is_flag=True, help="Every version, as JSON.")
@handle_config_errors
def history_command(environment, as_json):
    """Every version of the state: who wrote it, when, for which plan, what changed."""
    backend = _backend(environment)
    try:
        versions = backend.versions()
    finally:
        backend.close()
    if as_json:
        click.echo(json.dumps([{"serial": v["serial"], **v.get("by", {}), "changes": describe_operations(v["ops"])}
                               for v in versions], indent=1, ensure_ascii=True, sort_keys=True))
        return
    if not versions:
        click.echo("No versions kept yet.")
    for run in runs(versions):
        click.echo(printable(run))


@command.command("migrate")
@click.option("--to", "target", required=True, metavar="ENV-or-BACKEND",
              help="An environment of acdplan.yaml, or a backend name (local, postgres) for this environment.")
@click.option("--schema", default=None, help="With --to postgres: the schema to copy into (default: state.schema, "
                                             "else acdplan).")
@environment_option
@lock_timeout_option
@handle_config_errors
def migrate_command(target, schema, environment, lock_timeout):
    """Copy this environment's state, with its lineage and history, into another backend."""
    config = project()
    source_env = config.environment(environment)
    summary = migrate(config, source_env, target, lock_timeout, schema)
    click.echo(summary)
