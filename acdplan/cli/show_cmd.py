"""`acdplan show PLANFILE`: a saved plan rendered again, in any plan format, without a tenant.

As `terraform show`: the reviewed artefact is the saved plan, so CI renders the PR comment and
the log from the very file `apply PLANFILE` will carry out.
"""

from __future__ import annotations

import sys

import click

from acdplan.cli import options
from acdplan.cli.common import print_diagnostics
from acdplan.report.plan_formats import PLAN_FORMATS


def read_plan(path: str):
    """The saved plan, checked whole (readable, sealed), or exit 1 with PL001 saying why (never a traceback)."""
    from acdplan.manager import load_saved_plan
    from acdplan.plan.seal import BrokenSeal
    from acdplan.validate.catalogue import PL001, diagnostic

    try:
        return load_saved_plan(path)
    except BrokenSeal as error:
        print_diagnostics([diagnostic(PL001, str(error))])
    except (ValueError, KeyError, TypeError, AttributeError) as error:  # sealed, yet not of the shape plans have
        print_diagnostics([diagnostic(PL001, f"{path} is not a plan acdplan can read ({type(error).__name__})")])
    sys.exit(1)


@click.command("show")
@click.argument("planfile", type=click.Path(dir_okay=False))
@click.option("--format", "output_format", type=click.Choice(sorted(PLAN_FORMATS)), default="text", show_default=True)
@click.option("--full-plan-url", metavar="URL",
              help="markdown: where the full plan is (e.g. the CI run), named when the comment is cut.")
def command(planfile, output_format, full_plan_url):
    """Render a saved plan (from `acdplan plan -o PLANFILE`) in any plan format (--format)."""
    plan = read_plan(planfile)
    text = PLAN_FORMATS[output_format](plan, color=options.color_for(sys.stdout.isatty()), full_plan_url=full_plan_url)
    click.echo(text, nl=False)
    options.detail(f"{planfile}: plan {plan.plan_id or '(no id)'} made {plan.created_at or '(unknown)'} "
                   f"for environment {plan.environment}")
