"""`acdplan emulator`: a local CXone API emulator on loopback, for trying pipelines without a tenant."""

from __future__ import annotations

import os
import signal
import sys

import click

from acdplan.cli.common import EXIT_ERROR, handle_errors, print_diagnostics

RATE = click.FloatRange(0.0, 1.0)


@click.command("emulator")
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True,
              help="Port of the issuer and admin API on 127.0.0.1 (0: any free one).")
@click.option("--dfo-port", type=click.IntRange(0, 65535), default=0, show_default=True,
              help="Port of the Digital Experience (DFO) host, a separate host as in CXone (0: any free one).")
@click.option("--latency-ms", type=click.FloatRange(0), default=0, show_default=True, help="Delay added to every request.")
@click.option("--fail-rate", type=RATE, default=0.0, show_default=True, help="Share of requests answered 500.")
@click.option("--throttle-rate", type=RATE, default=0.0, show_default=True, help="Share answered 429 with Retry-After.")
@click.option("--drop-rate", type=RATE, default=0.0, show_default=True, help="Share whose connection is dropped.")
@click.option("--seed", type=int, default=None, help="Seed of the fault RNG, to replay a run.")
@click.option("--tenant", "tenant_file", type=click.Path(dir_okay=False), help="Keep the tenant in this JSON file.")
@click.option("--prerequisites-from", "specs", type=click.Path(exists=True),
              help="Seed what these specs reference but no public API creates: campaigns, Studio scripts, message "
                   "templates, users, routing queues, roles.")
@click.option("--authorise/--no-authorise", default=True, show_default=True,
              help="Kept for compatibility: channels are created by a person (a manual step) in any case.")
@click.option("--with-channels", is_flag=True,
              help="With --prerequisites-from: also create the specs' channels, as a person doing the manual "
                   "steps would.")
@click.option("--credentials-env", nargs=2, metavar="ID_VAR SECRET_VAR", default=None,
              help="Accept only the access key in these environment variables (default: any key).")
@click.option("--without-permissions", is_flag=True,
              help="Refuse every write with HTTP 403 (a key without permissions).")
@click.option("--refuse", multiple=True, metavar="REGEX",
              help="Answer 403 to calls whose 'METHOD /path' matches (e.g. 'GET /dfo/3.0/channels'); repeatable.")
@click.option("--page-size", type=click.IntRange(1), default=100, show_default=True,
              help="Largest page an admin list returns, whatever `top` asks (CXone: 100); channel pages: at "
                   "most 100; routing queues: `size` up to 500.")
@handle_errors
def command(port, dfo_port, latency_ms, fail_rate, throttle_rate, drop_rate, seed, tenant_file, specs, authorise,
            with_channels, credentials_env, without_permissions, refuse, page_size):
    """Serve the CXone API subset acdplan uses (as NICE publishes it), on loopback, until interrupted."""
    from acdplan.emulator import Emulator, perform_manual_steps, seed_prerequisites  # loaded only for this command

    refused = tuple(refuse) + ((r"^(POST|PUT|DELETE|PATCH) ",) if without_permissions else ())
    emulator = Emulator(port, dfo_port=dfo_port, latency_ms=latency_ms, fail_rate=fail_rate,
                        throttle_rate=throttle_rate, drop_rate=drop_rate, seed=seed, tenant_file=tenant_file,
                        max_page_size=page_size, accept_any_credentials=credentials_env is None, refuse=refused)
    if credentials_env is not None:
        key_id, secret = (os.environ.get(name) for name in credentials_env)
        if not key_id or not secret:
            click.echo(f"error: set {credentials_env[0]} and {credentials_env[1]}", err=True)
            sys.exit(EXIT_ERROR)
        emulator.add_credentials(key_id, secret)
    if specs:
        from acdplan.load import load_spec_folder
        from acdplan.model import build_spec

        loaded = load_spec_folder(specs)
        errors = [d for d in loaded.diagnostics if d.is_error]
        if errors:
            print_diagnostics(errors)
            sys.exit(EXIT_ERROR)
        spec = build_spec(loaded.data)
        seed_prerequisites(emulator, spec, authorise=authorise)
        if with_channels:
            perform_manual_steps(emulator, spec)
    try:
        emulator.start()
    except OSError as error:
        click.echo(f"error: cannot listen on 127.0.0.1:{port}: {error.strerror or error}", err=True)
        sys.exit(EXIT_ERROR)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    click.echo(emulator.url)
    click.echo(emulator.dfo_url)
    click.echo(f"CXone emulator: issuer and admin API on {emulator.url}, Digital Experience on {emulator.dfo_url} "
               f"(Ctrl-C stops it). Point an environment at it:\n"
               f"  export CXONE_BASE_URL={emulator.url} CXONE_DFO_URL={emulator.dfo_url}\n"
               f"  with base_url_env: CXONE_BASE_URL and dfo_url_env: CXONE_DFO_URL in acdplan.yaml", err=True)
    try:
        emulator.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        emulator.stop()
