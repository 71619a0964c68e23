"""The `acdplan` command line: a thin shell of click commands around the engine.

Each command lives in its own module, imported only when that command runs (a `validate` in
CI never loads the apply engine); machine-readable output goes to standard output, progress
and prompts to standard error.
"""

from __future__ import annotations

import importlib

import click

from acdplan import __version__, sensitive
from acdplan.cli import options
from acdplan.runtime import tune_for_batch_run

COMMAND_MODULES = {  # command name -> module of acdplan.cli defining `command`
    "validate": "validate_cmd", "rules": "rules_cmd", "plan": "plan_cmd", "apply": "apply_cmd",
    "force-unlock": "unlock_cmd", "graph": "graph_cmd", "coverage": "coverage_cmd", "emulator": "emulator_cmd",
    "export": "export_cmd", "show": "show_cmd", "fmt": "fmt_cmd", "schema": "schema_cmd",
    "state": "state_cmd", "import": "import_cmd",
    "sla": "sla_cmd", "report": "report_cmd",  # issue 14
    "capacity": "capacity_cmd",
    "init": "init_cmd", "diff": "diff_cmd",  # issue 22
    "lsp": "lsp_cmd",  # issue 24
    "confirm": "confirm_cmd",  # issue 19
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
            # click types exit_code as a ClassVar, yet reads it from the instance: a stubs gap.
            error.exit_code = 1  # type: ignore[misc]
            raise

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except click.UsageError as error:
            # click types exit_code as a ClassVar, yet reads it from the instance: a stubs gap.
            error.exit_code = 1  # type: ignore[misc]
            raise


@click.group(cls=AcdplanGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="acdplan")
@click.option("-C", "--chdir", metavar="DIR", help="Run as if started in DIR (acdplan.yaml is searched upward from it).")
@click.option("--no-color", "no_color", is_flag=True, help="No colours (also when NO_COLOR is set).")
@click.option("-v", "--verbose", count=True, help="More detail on standard error.")
@click.option("-q", "--quiet", count=True, help="Only results and errors: no progress or notes.")
@click.pass_context
def main(ctx: click.Context, chdir: str | None, no_color: bool, verbose: int, quiet: int) -> None:
    """Plan and apply NICE CXone ACD Digital configuration from YAML, like Terraform.

    Shell completion: eval "$(_ACDPLAN_COMPLETE=bash_source acdplan)" (zsh_source, fish_source).
    """
    options.apply(ctx, chdir, no_color, verbose, quiet)
    tune_for_batch_run()
    sensitive.reset()  # each run starts with no values marked sensitive
