"""`acdplan report`: the plan, the dependency graph, who can answer, SLA deadlines and the
runbook on one self-contained HTML page for people who review a change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from acdplan.model import Spec
from acdplan.model.documents import address, desired_documents, references, split_address
from acdplan.plan.changes import Action, Plan
from acdplan.report import plan_runbook
from acdplan.report.coverage import coverage
from acdplan.report.html.graph_svg import ACTION_STROKES, kind_color, render_svg
from acdplan.report.html.page import page
from acdplan.report.html.sections import coverage_section, forecast_section, plan_section, runbook_section, sla_section
from acdplan.sensitive import redact_plan, redact_text
from acdplan.sla import CalendarError, week_table


@dataclass(slots=True)
class ReportOptions:
    sla_from: date
    sla_every_minutes: int = 240


def dependency_graph(spec: Spec, plan: Plan) -> tuple[list[str], list[tuple[str, str]], dict[str, str]]:
    """Nodes, edges (dependent -> what it refers to) and plan actions: the specs' objects, plus
    those the plan deletes (with what they referred to)."""
    nodes: set[str] = set()
    edges: set[tuple[str, str]] = set()
    for kind, objects in desired_documents(spec).items():
        if kind == "tenant":
            continue
        for name, document in objects.items():
            source = address(kind, name)
            nodes.add(source)
            edges.update((source, target) for target in references(kind, document))
    actions = {}
    for change in plan.changes:
        if change.acts:
            actions[change.address] = (("forget" if change.forget else "import") if change.action is Action.NOOP
                                       else change.action.value)
        if change.action is Action.DELETE and change.kind != "tenant":
            nodes.add(change.address)
            edges.update((change.address, target) for target in references(change.kind, change.before or {}))
    nodes.update(target for _, target in edges)
    return sorted(nodes), sorted(edges), actions


def render_report(spec: Spec, plan: Plan, options: ReportOptions) -> str:
    """The page; sensitive values show as (sensitive), as in every other output."""
    plan = redact_plan(plan)
    nodes, edges, actions = dependency_graph(spec, plan)
    kinds = sorted({split_address(node)[0] for node in nodes})
    legend = ('<p class="kinds">' + "".join(f'<span style="background:{kind_color(kind)}">{kind}</span>'
                                            for kind in kinds)
              + " — outlined: " + "".join(f'<span style="border-color:{color}">{action}</span>'
                                          for action, color in ACTION_STROKES.items()) + "</p>")
    graph = f'{legend}<div class="graph-box">{render_svg(nodes, edges, actions)}</div>'
    sla_error, rows = None, []
    zone = spec.tenant.working_hours.timezone if spec.tenant.working_hours else "UTC: the tenant has no working hours"
    try:
        rows = week_table(spec, options.sla_from, options.sla_every_minutes)
    except CalendarError as error:
        sla_error = str(error)
    except OverflowError:
        sla_error = "a deadline falls outside the calendar (years 1 to 9999)"
    sections = [
        ("plan", "Plan", plan_section(plan)),
        ("graph", "Dependency graph", graph),
        ("coverage", "Who can answer", coverage_section(spec, coverage(spec))),
        ("forecast", "Service-level forecast", forecast_section(plan.capacity)),
        ("sla", f"SLA deadlines, week of {options.sla_from.isoformat()}", sla_section(rows, zone, sla_error)),
        ("runbook", "Runbook", runbook_section(plan_runbook.render(plan))),
    ]
    return redact_text(page(f"acdplan report: environment {plan.environment}",
                f"provider {plan.provider} · plan {plan.plan_id or '-'} · {plan.created_at or ''}", sections))
