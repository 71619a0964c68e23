"""The plan as a numbered click-by-click checklist, for tenants still managed by hand."""

from __future__ import annotations

from acdplan.plan.changes import Plan
from acdplan.report.plan_text import summary_line
from acdplan.report.ui_paths import runbook_steps


def render(plan: Plan, color: bool = False) -> str:
    lines = [f"# Runbook: environment {plan.environment}", "",
             "Do the steps in this order; each waits for the ones it depends on.", ""]
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
    return "\n".join(lines) + "\n"
