"""`acdplan rules [ID]`: the rule catalogue, or one rule with its source, why, fix and examples;
`--check` runs the examples of the domain rules, the installed plugins' included."""

from __future__ import annotations

import difflib
import json
import sys

import click

from acdplan.validate.catalogue import RuleInfo, all_rules, get


@click.command("rules")
@click.argument("rule_id", required=False)
@click.option("--format", "output_format", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True, help="markdown: the page docs/rules.md is generated as.")
@click.option("--check", is_flag=True,
              help="Run each domain rule's bad and good examples (plugins' too); exit 1 when one does not hold.")
def command(rule_id, output_format, check):
    """List every rule, or explain one (e.g. acdplan rules CH001)."""
    from acdplan.cli.common import print_diagnostics
    from acdplan.validate import plugins

    try:
        plugins.load()
    except plugins.PluginError as error:
        print_diagnostics(error.diagnostics)
        sys.exit(1)
    rules = all_rules()
    if check:
        _check(rules, rule_id)
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
            origin = f"  [plugin {rule.plugin}]" if rule.plugin else ""
            click.echo(f"{rule.id:<6} {rule.severity.value:<8} {_fact_column(rule):<9} {rule.summary:<{width}}".rstrip()
                       + origin)
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
    if info.source_url:
        lines.append(f"Source: {info.source_url}")
    if info.plugin:
        lines.append(f"Plugin: {info.plugin}" + (f" (documented at {info.help_uri})"
                                                 if info.help_uri and info.help_uri != info.source_url else ""))
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
            "summary": info.summary, "why": info.why, "fix": info.fix, "bad": info.bad, "good": info.good,
            "source_url": info.source_url, "plugin": info.plugin, "help_uri": info.help_uri}


def _fact_column(info: RuleInfo) -> str:
    """The guide's fact; a rule citing an outside source shows `source` (its URL: `acdplan rules ID`)."""
    return info.fact or ("source" if info.source_url else "-")


def _check(rules: list[RuleInfo], rule_id: str | None) -> None:
    """Each domain rule's examples, run as `acdplan rules ID` shows them; one line a rule."""
    from acdplan.validate import suppressions
    from acdplan.validate.rule_examples import check_examples

    chosen = [info for info in rules if info.stage == "rules" and (rule_id is None or info.id == rule_id.upper())]
    if not chosen:
        click.echo(f"error: no domain rule {rule_id!r}; `acdplan rules` lists them", err=True)
        sys.exit(1)
    suppressions.use_settings({})  # the examples are judged as written, whatever a project turned off
    failed = 0
    for info in chosen:
        problems = check_examples(info)
        failed += bool(problems)
        origin = f" (plugin {info.plugin})" if info.plugin else ""
        click.echo(f"{info.id}{origin}: " + ("ok" if not problems else "FAILED: " + "; ".join(problems)))
    click.echo(f"{len(chosen) - failed} of {len(chosen)} rules' examples hold.", err=True)
    sys.exit(1 if failed else 0)
