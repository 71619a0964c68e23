"""`acdplan emulator`: a local CXone API emulator on loopback, for trying pipelines without a tenant."""

from __future__ import annotations

import os
import signal
import sys

import click

from acdplan.cli.common import EXIT_ERROR, print_diagnostics

RATE = click.FloatRange(0.0, 1.0)


@click.command("emulator")
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True, help="Port on 127.0.0.1 (0: any free one).")
@click.option("--latency-ms", type=click.FloatRange(0), default=0, show_default=True, help="Delay added to every request.")
@click.option("--fail-rate", type=RATE, default=0.0, show_default=True, help="Share of requests answered 500.")
@click.option("--throttle-rate", type=RATE, default=0.0, show_default=True, help="Share answered 429 with Retry-After.")
@click.option("--drop-rate", type=RATE, default=0.0, show_default=True, help="Share whose connection is dropped.")
@click.option("--seed", type=int, default=None, help="Seed of the fault RNG, to replay a run.")
@click.option("--tenant", "tenant_file", type=click.Path(dir_okay=False), help="Keep the tenant in this JSON file.")
@click.option("--prerequisites-from", "specs", type=click.Path(exists=True),
              help="Seed what these specs reference but acdplan never creates: campaigns, Studio scripts, users, "
                   "routing queues, authorised social accounts.")
@click.option("--authorise/--no-authorise", default=True, show_default=True,
              help="With --prerequisites-from: authorise the social accounts (else channel creation waits for a person).")
@click.option("--credentials-env", nargs=2, metavar="ID_VAR SECRET_VAR", default=None,
              help="Accept only the access key in these environment variables (default: any key).")
@click.option("--without-permissions", is_flag=True, help="Tokens carry no permissions (to see PF001 and HTTP 403).")
@click.option("--page-size", type=click.IntRange(1), default=100, show_default=True, help="Largest page a list returns.")
def command(port, latency_ms, fail_rate, throttle_rate, drop_rate, seed, tenant_file, specs, authorise,
            credentials_env, without_permissions, page_size):
    """Serve the CXone API subset acdplan uses, on loopback, until interrupted."""
    from acdplan.emulator import Emulator, seed_prerequisites  # a server: loaded only for this command

    permissions = () if without_permissions else None
    emulator = Emulator(port, latency_ms=latency_ms, fail_rate=fail_rate, throttle_rate=throttle_rate,
                        drop_rate=drop_rate, seed=seed, tenant_file=tenant_file, max_page_size=page_size,
                        accept_any_credentials=credentials_env is None, default_permissions=permissions)
    if credentials_env is not None:
        key_id, secret = (os.environ.get(name) for name in credentials_env)
        if not key_id or not secret:
            click.echo(f"error: set {credentials_env[0]} and {credentials_env[1]}", err=True)
            sys.exit(EXIT_ERROR)
        emulator.add_credentials(key_id, secret, () if without_permissions else None)
    if specs:
        from acdplan.load import load_spec_folder
        from acdplan.model import build_spec

        loaded = load_spec_folder(specs)
        errors = [d for d in loaded.diagnostics if d.is_error]
        if errors:
            print_diagnostics(errors)
            sys.exit(EXIT_ERROR)
        seed_prerequisites(emulator, build_spec(loaded.data), authorise=authorise)
    try:
        emulator.start()
    except OSError as error:
        click.echo(f"error: cannot listen on 127.0.0.1:{port}: {error.strerror or error}", err=True)
        sys.exit(EXIT_ERROR)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    click.echo(emulator.url)
    click.echo(f"CXone emulator listening on {emulator.url} (Ctrl-C stops it). Point an environment at it:\n"
               f"  export CXONE_BASE_URL={emulator.url}\n"
               f"  with base_url_env: CXONE_BASE_URL in acdplan.yaml", err=True)
    try:
        emulator.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        emulator.stop()
