"""Plan renderers by `--format` name: the one registration of a plan format.

Every renderer is called the same way, `PLAN_FORMATS[name](plan, color=..., full_plan_url=...)`,
and shows the plan redacted (acdplan/sensitive.py); an option a format has no use for is not
passed to it, so no command special-cases a format (and none bypasses the redaction).
"""

import inspect

from acdplan.report import plan_json, plan_markdown, plan_runbook, plan_sarif, plan_text
from acdplan.sensitive import redacting


def _taking_options(render):
    """`render` called with the options of every format, keeping those its signature names."""
    accepted = set(inspect.signature(render).parameters)

    def render_with(plan, **options) -> str:
        return render(plan, **{name: value for name, value in options.items() if name in accepted})

    render_with.__doc__ = render.__doc__
    return render_with


PLAN_FORMATS = {  # each shows sensitive values as (sensitive): acdplan/sensitive.py
    "text": redacting(_taking_options(plan_text.render), unquote=True),
    "json": redacting(_taking_options(plan_json.render)),
    "markdown": redacting(_taking_options(plan_markdown.render)),
    "runbook": redacting(_taking_options(plan_runbook.render)),
    "sarif": redacting(_taking_options(plan_sarif.render)),
}
