"""`acdplan rules [ID]`: the rule catalogue, or one rule with its fact, why, fix and examples."""

from __future__ import annotations

import difflib
import json
import sys

import click

from acdplan.validate.catalogue import all_rules, get


@click.command("rules")
@click.argument("rule_id", required=False)
@click.option("--format", "output_format", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True, help="markdown: the page docs/rules.md is generated as.")
def command(rule_id, output_format):
    """List every rule, or explain one (e.g. acdplan rules CH001)."""
    rules = all_rules()
    if output_format == "markdown":
        from acdplan.report import rules_markdown

        chosen = get(rule_id) if rule_id else None
        click.echo(rules_markdown.render([chosen] if chosen else rules), nl=False)
        return
    if rule_id is None:
        if output_format == "json":
            click.echo(json.dumps([_record(info) for info in rules], indent=2, ensure_ascii=False))
            return
        width = max(len(info.summary) for info in rules)
        click.echo(f"{'id':<6} {'severity':<8} {'fact':<9} summary")
        for rule in rules:
            click.echo(f"{rule.id:<6} {rule.severity.value:<8} {rule.fact or '-':<9} {rule.summary:<{width}}".rstrip())
        return
    info = get(rule_id)
    if info is None:
        close = difflib.get_close_matches(rule_id.upper(), [r.id for r in rules], n=1, cutoff=0.5)
        hint = f"; did you mean {close[0]}?" if close else "; `acdplan rules` lists them"
        click.echo(f"error: no rule {rule_id!r}{hint}", err=True)
        sys.exit(1)
    if output_format == "json":
        click.echo(json.dumps(_record(info), indent=2, ensure_ascii=False))
        return
    lines = [
        f"{info.id} ({info.severity.value}, {info.stage}){' — fact ' + info.fact if info.fact else ''}",
        f"Fires when: {info.summary}",
    ]
    if info.why:
        lines.append(f"Why: {info.why}")
    lines.append(f"Fix: {info.fix}")
    if info.bad:
        lines += ["", "Fails (an excerpt, applied on a complete spec):", _indent(info.bad)]
    if info.good:
        lines += ["", "Passes:", _indent(info.good)]
    click.echo("\n".join(lines))


def _indent(snippet: str) -> str:
    return "\n".join("    " + row for row in snippet.rstrip("\n").splitlines())


def _record(info) -> dict:
    return {"id": info.id, "severity": info.severity.value, "fact": info.fact, "stage": info.stage,
            "summary": info.summary, "why": info.why, "fix": info.fix, "bad": info.bad, "good": info.good}
