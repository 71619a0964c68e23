"""What every command shares: the project file, spec folder, template variables, config errors."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path

import click

from acdplan.config import ConfigError, Environment, ProjectConfig, load_config, template_variables
from acdplan.report.diagnostics_text import line as diagnostic_line
from acdplan.sensitive import redact_diagnostics, redact_text
from acdplan.state.lock import LockHeld
from acdplan.tenant import ProviderError
from acdplan.validate.catalogue import LK001, PV001, diagnostic

EXIT_OK = 0
EXIT_ERROR = 1


def var_options(command: Callable) -> Callable:
    """--var NAME=VALUE and --var-file FILE, for commands that render templates."""
    command = click.option("--var-file", "var_files", multiple=True, type=click.Path(dir_okay=False),
                           help="YAML file of template variables (repeatable).")(command)
    command = click.option("--var", "var_pairs", multiple=True, metavar="NAME=VALUE",
                           help="A template variable (repeatable; wins over files and the environment).")(command)
    return command


def handle_errors(command: Callable) -> Callable:
    """The one place where what stops a run becomes a message: a broken project or vars file,
    a tenant that cannot be read, a state lock held by another run. Never a traceback; every
    message is already free of secrets."""

    @wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except ConfigError as error:
            print_diagnostics(error.diagnostics)
        except ProviderError as error:
            print_diagnostics([diagnostic(PV001, f"cannot read the tenant: {error}")])
        except LockHeld as error:
            print_diagnostics([diagnostic(LK001, str(error))])
        except OSError as error:  # a full disk (ENOSPC), a read-only folder: said, never a traceback
            print_diagnostics([io_diagnostic(error)])
        sys.exit(EXIT_ERROR)

    return wrapper


handle_config_errors = handle_errors  # the name the other commands use


def io_diagnostic(error: OSError):
    """IO002 for a file that could not be written or read: which file, and the system's reason."""
    what = f" {error.filename}" if error.filename else ""
    reason = error.strerror or type(error).__name__
    file = str(error.filename) if error.filename else None
    return diagnostic("IO002", f"cannot write or read{what}: {reason} (the previous version of every file "
                               f"acdplan writes is kept whole)", file=file, line=1 if file else None,
                      column=1 if file else None)


def project() -> ProjectConfig:
    return load_config()


def specs_path(config: ProjectConfig, specs: str | None) -> Path:
    """The SPECS argument when given, else the project file's `specs:` folder."""
    return Path(specs) if specs else config.root / config.specs


def validated_model(specs: str | None, environment: str | None, var_files: tuple[str, ...],
                    var_pairs: tuple[str, ...]):
    """The model of the specs for commands that only read it (graph, coverage); exit 1 when unsound."""
    from acdplan.validate import validate_path

    config = project()
    env = config.environment(environment)
    result = validate_path(specs_path(config, specs), variables_for(env, var_files, var_pairs),
                           env.allow_symlinks_outside)
    if result.spec is None:
        print_diagnostics(result.diagnostics)
        sys.exit(EXIT_ERROR)
    return result.spec


def variables_for(environment: Environment, var_files: tuple[str, ...], var_pairs: tuple[str, ...]) -> dict:
    return template_variables(environment, var_files, var_pairs)


def plan_option_flags(command: Callable) -> Callable:
    """--force and --import-existing: what `plan`, `apply` and `report` ask of a plan (PlanOptions)."""
    command = click.option("--import-existing", is_flag=True,
                           help="Take over tenant objects that have a spec's name (shown as imports), "
                                "as `import:` in the specs does.")(command)
    return click.option("--force", is_flag=True,
                        help="Accept a plan over the safety threshold, or one that takes Skills - Create/Edit "
                             "from the applying user's role.")(command)


def environment_option(command: Callable) -> Callable:
    return click.option("-e", "--environment", "environment", metavar="ENV", default=None,
                        help="Environment of acdplan.yaml (default: the local sandbox).")(command)


def print_diagnostics(diagnostics) -> None:
    """Findings of a run that prints something else on stdout go to stderr."""
    for found in redact_diagnostics(list(diagnostics)):  # before the line escapes the message
        click.echo(redact_text(diagnostic_line(found)), err=True)


def channel_or_exit(spec, channel: str | None) -> None:
    """A CHANNEL argument must name a channel of the specs; else exit 1 with the closest name."""
    if channel is None or channel in spec.channels:
        return
    import difflib

    from acdplan.report.escape import terminal

    close = difflib.get_close_matches(channel, list(spec.channels), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    click.echo(terminal(f"error: no channel {channel!r} in the specs{hint}"), err=True)
    sys.exit(EXIT_ERROR)
