"""`acdplan graph`: the dependency graph of the specs, as Mermaid or DOT."""

from __future__ import annotations

import click

from acdplan.cli.common import environment_option, handle_config_errors, validated_model, var_options
from acdplan.model.documents import desired_documents, references
from acdplan.model.kinds import REGISTRY
from acdplan.report.graph import render_dot, render_mermaid


@click.command("graph")
@click.argument("specs", required=False, type=click.Path())
@click.option("--format", "output_format", type=click.Choice(["mermaid", "dot"]), default="mermaid", show_default=True)
@environment_option
@var_options
@handle_config_errors
def command(specs, output_format, environment, var_pairs, var_files):
    """Print what refers to what: skills -> campaigns, channels -> skills, roles -> channels, ..."""
    spec = validated_model(specs, environment, var_files, var_pairs)
    documents = desired_documents(spec)
    edges = sorted(
        (f"{kind}.{name}", target)
        for kind, objects in documents.items() if REGISTRY[kind].singleton is None
        for name, document in objects.items()
        for target in references(kind, document)
    )
    render = render_mermaid if output_format == "mermaid" else render_dot
    click.echo(render(edges), nl=False)
