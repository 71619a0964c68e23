"""Plan renderers by `--format` name."""

from acdplan.report import plan_json, plan_markdown, plan_runbook, plan_text

PLAN_FORMATS = {
    "text": plan_text.render,
    "json": plan_json.render,
    "markdown": plan_markdown.render,
    "runbook": plan_runbook.render,
}
