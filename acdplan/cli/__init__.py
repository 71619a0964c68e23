"""The `acdplan` command line: a thin shell of click commands around the engine.

Each command lives in its own module, imported only when that command runs (a `validate` in
CI never loads the apply engine); machine-readable output goes to standard output, progress
and prompts to standard error.
"""

from __future__ import annotations

import importlib

import click

from acdplan import __version__, sensitive
from acdplan.runtime import tune_for_batch_run

COMMAND_MODULES = {  # command name -> module of acdplan.cli defining `command`
    "validate": "validate_cmd", "rules": "rules_cmd", "plan": "plan_cmd", "apply": "apply_cmd",
    "force-unlock": "unlock_cmd", "graph": "graph_cmd", "coverage": "coverage_cmd", "emulator": "emulator_cmd",
    "export": "export_cmd",
    "state": "state_cmd", "import": "import_cmd",
    "sla": "sla_cmd", "report": "report_cmd",  # issue 14
}


class AcdplanGroup(click.Group):
    """Commands loaded on first use (click's lazy-group pattern), and usage errors exit 1, not
    click's 2: 2 means "changes" under `plan --detailed-exitcode` (docs/CLI.md)."""

    def list_commands(self, ctx) -> list[str]:
        return sorted(COMMAND_MODULES)

    def get_command(self, ctx, name):
        module = COMMAND_MODULES.get(name)
        if module is None:
            return None
        return importlib.import_module(f"acdplan.cli.{module}").command

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
    sensitive.reset()  # each run starts with no values marked sensitive
