"""Plan renderers by `--format` name."""

from acdplan.report import plan_json, plan_markdown, plan_runbook, plan_sarif, plan_text
from acdplan.sensitive import redacting

PLAN_FORMATS = {  # each shows sensitive values as (sensitive): acdplan/sensitive.py
    "text": redacting(plan_text.render, unquote=True),
    "json": redacting(plan_json.render),
    "markdown": redacting(plan_markdown.render),
    "runbook": redacting(plan_runbook.render),
    "sarif": redacting(plan_sarif.render),
}
