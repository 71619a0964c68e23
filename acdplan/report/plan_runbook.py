"""The plan as a numbered click-by-click checklist, for tenants still managed by hand.

Names and values come from specs and the tenant: each line is escaped for a terminal and a CI
log (acdplan/report/escape.py), so a channel named `"Evil\\n::error title=X::y"` prints as one
line that starts no workflow command."""

from __future__ import annotations

from acdplan.plan.changes import Plan
from acdplan.report.diagnostics_text import line as diagnostic_line
from acdplan.report.escape import no_commands, terminal
from acdplan.report.plan_text import summary_line
from acdplan.report.ui_paths import runbook_steps


def render(plan: Plan, color: bool = False) -> str:
    lines = [f"# Runbook: environment {plan.environment}", "",
             "Do the steps in this order; each waits for the ones it depends on.", ""]
    if plan.diagnostics:  # what stops or qualifies the plan (a policy's denials, the safety threshold): first
        lines += ["Findings (resolve the errors before any step):", ""]
        lines += [f"- {diagnostic_line(diagnostic)}" for diagnostic in plan.diagnostics] + [""]
    number = 0
    for change in plan.changes:
        if not change.acts:
            continue
        number += 1
        label = "PENDING MANUAL, `acdplan confirm " + change.address + "` once done" if change.pending else "MANUAL"
        flag = f" ({label}: " + change.manual_reason + ")" if change.manual else ""
        verb = "record" if change.action.value == "noop" else change.action.value
        lines.append(f"{number}. {verb} {change.kind} {change.name}{flag}")
        lines.append(f"   Where: {change.ui_path}")
        lines += [f"   - [ ] {step}" for step in runbook_steps(change)]
        lines.append("")
    lines.append(summary_line(plan))
    return no_commands("\n".join(terminal(line) for line in lines)) + "\n"
