"""`acdplan graph`: the dependency graph of the specs, as Mermaid or DOT."""

from __future__ import annotations

import sys

import click

from acdplan.cli.common import EXIT_ERROR, handle_config_errors, print_diagnostics, project, specs_path, var_options, variables_for
from acdplan.model.documents import desired_documents, references
from acdplan.report.graph import render_dot, render_mermaid
from acdplan.validate import validate_path


@click.command("graph")
@click.argument("specs", required=False, type=click.Path())
@click.option("--format", "output_format", type=click.Choice(["mermaid", "dot"]), default="mermaid", show_default=True)
@var_options
@handle_config_errors
def command(specs, output_format, var_pairs, var_files):
    """Print what refers to what: skills -> campaigns, channels -> skills, roles -> channels, ..."""
    config = project()
    result = validate_path(specs_path(config, specs), variables_for(config.environment(None), var_files, var_pairs))
    if result.spec is None:
        print_diagnostics(result.diagnostics)
        sys.exit(EXIT_ERROR)
    documents = desired_documents(result.spec)
    edges = sorted(
        (f"{kind}.{name}", target)
        for kind, objects in documents.items() if kind != "tenant"
        for name, document in objects.items()
        for target in references(kind, document)
    )
    render = render_mermaid if output_format == "mermaid" else render_dot
    click.echo(render(edges), nl=False)
