"""The `acdplan` command line: a thin shell of click commands around the engine.

Each command lives in its own module and is registered here; machine-readable output goes
to standard output, progress and prompts to standard error.
"""

from __future__ import annotations

import importlib

import click

from acdplan import __version__
from acdplan.runtime import tune_for_batch_run

COMMAND_MODULES = ("validate_cmd", "rules_cmd", "plan_cmd", "apply_cmd", "unlock_cmd", "graph_cmd", "coverage_cmd",
                   "emulator_cmd", "export_cmd")


class AcdplanGroup(click.Group):
    """Usage errors exit 1, not click's 2: 2 means "changes" under `plan --detailed-exitcode` (CLI.md)."""

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as error:
            error.exit_code = 1
            raise

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except click.UsageError as error:
            error.exit_code = 1
            raise


@click.group(cls=AcdplanGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="acdplan")
def main() -> None:
    """Plan and apply NICE CXone ACD Digital configuration from YAML, like Terraform."""
    tune_for_batch_run()


for _name in COMMAND_MODULES:
    main.add_command(importlib.import_module(f"acdplan.cli.{_name}").command)
