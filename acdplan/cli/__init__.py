"""The `acdplan` command line: a thin shell of click commands around the engine.

Each command lives in its own module and is registered here; machine-readable output goes
to standard output, progress and prompts to standard error.
"""

from __future__ import annotations

import importlib

import click

from acdplan import __version__

COMMAND_MODULES = ("validate_cmd", "rules_cmd", "plan_cmd", "apply_cmd", "unlock_cmd")


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="acdplan")
def main() -> None:
    """Plan and apply NICE CXone ACD Digital configuration from YAML, like Terraform."""


for _name in COMMAND_MODULES:
    try:
        _module = importlib.import_module(f"acdplan.cli.{_name}")
    except ModuleNotFoundError as _error:  # a command still being written must not break the others
        if _error.name != f"acdplan.cli.{_name}":
            raise
        continue
    main.add_command(_module.command)
