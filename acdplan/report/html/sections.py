"""The report's sections as HTML fragments: plan with per-object diffs, coverage matrix, SLA
table, runbook. Every user string passes through `text()` (html.escape): names are hostile."""

from __future__ import annotations

import json
from html import escape

from acdplan.model import Spec
from acdplan.plan.changes import Action, Change, Plan
from acdplan.report.capacity_table import FORECAST_TITLE, forecast_cells
from acdplan.report.coverage import Coverage
from acdplan.report.plan_text import Duration, summary_line, with_units
from acdplan.sla.deadlines import Deadlines

MAX_VALUE = 300
VERBS = {Action.CREATE: "create", Action.UPDATE: "update", Action.REPLACE: "replace", Action.DELETE: "delete",
         Action.NOOP: "import"}


def text(value) -> str:
    return escape(str(value), quote=True)


def value_html(value, path: str = "") -> str:
    """A value for the diff table; an SLA time (kept in minutes) with its units, as the text plan shows it."""
    if value is None:
        return '<span class="none">(none)</span>'
    value = with_units(path, value) if path else value
    shown = value if isinstance(value, Duration) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    if len(shown) > MAX_VALUE:
        shown = shown[: MAX_VALUE - 1] + "…"
    return f"<code>{text(shown)}</code>"


def flatten(document, prefix: str = "") -> dict[str, object]:
    """{"routing.preferred_agent.metric": "same_case", ...}: one row per leaf of a document."""
    if isinstance(document, dict):
        if not document:
            return {prefix: {}} if prefix else {}
        rows: dict[str, object] = {}
        for key, item in document.items():
            rows.update(flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return rows
    return {prefix or "(value)": document}


def diff_rows(change: Change) -> list[tuple[str, object, object]]:
    """(path, before, after) of every leaf that differs; a plan's own attribute list when it has one."""
    if change.attributes:
        return [(attribute.path, attribute.before, attribute.after) for attribute in change.attributes]
    before, after = flatten(change.before or {}), flatten(change.after or {})
    return [(path, before.get(path), after.get(path)) for path in sorted(set(before) | set(after))
            if before.get(path) != after.get(path)]


def plan_section(plan: Plan) -> str:
    counts = plan.summary()
    acting = [change for change in plan.changes if change.acts]
    parts = [f'<p class="summary">{text(summary_line(plan))}</p>',
             '<ul class="counts">' + "".join(
                 f'<li class="{name}"><b>{counts[name]}</b> {name}</li>'
                 for name in ("create", "update", "replace", "delete", "manual", "pending", "unchanged")) + "</ul>"]
    if plan.diagnostics:
        parts.append('<ul class="diagnostics">' + "".join(
            f'<li class="{text(d.severity.value)}">{text(d.severity.value)} {text(d.rule)} {text(d.message)}</li>'
            for d in plan.diagnostics) + "</ul>")
    for change in acting:
        verb = "forget" if change.forget else VERBS[change.action]
        extra = f" (renamed from {text(change.renamed_from)})" if change.renamed_from else ""
        label = "PENDING MANUAL (acdplan confirm once done)" if change.pending else "MANUAL"
        manual = f'<p class="manual-step">{label}: {text(change.manual_reason)}</p>' if change.manual else ""
        rows = "".join(f"<tr><td>{text(path)}</td><td>{value_html(before, path)}</td><td>{value_html(after, path)}</td></tr>"
                       for path, before, after in diff_rows(change))
        table = (f'<table class="diff"><thead><tr><th>attribute</th><th>before</th><th>after</th></tr></thead>'
                 f"<tbody>{rows}</tbody></table>") if rows else '<p class="none">No attribute changes.</p>'
        depends = (f'<p class="depends">depends on: {text(", ".join(change.depends_on))}</p>'
                   if change.depends_on else "")
        parts.append(
            f'<details class="change {verb}" data-address="{text(change.address)}"{" open" if len(acting) <= 40 else ""}>'
            f'<summary><span class="action">{verb}</span> <span class="address">{text(change.address)}</span>{extra}'
            f' <span class="reason">{text(change.reason)}</span></summary>'
            f'<p class="where">in CXone: {text(change.ui_path)}</p>{manual}{depends}{table}</details>')
    if plan.unmanaged:
        parts.append("<p>Not managed by acdplan (left untouched):</p><ul>"
                     + "".join(f"<li>{text(address)}</li>" for address in plan.unmanaged) + "</ul>")
    return "".join(parts)


def coverage_section(spec: Spec, result: Coverage) -> str:
    """Channels x roles: each role's permissions on the channel and its agents holding the
    channel's default skill (with proficiency); who can answer, and the gaps."""
    roles = sorted(spec.roles)
    agents_by_role: dict[str, list] = {}
    for agent in spec.agents.values():
        for role in agent.roles:
            agents_by_role.setdefault(role, []).append(agent)
    head = "".join(f'<th scope="col">{text(role)}</th>' for role in roles)
    body = []
    for row in result.channels:
        cells = []
        for role_name in roles:
            permissions = sorted(spec.roles[role_name].channels.get(row.channel, ()))
            holders = [(agent.username, agent.skills[row.default_skill]) for agent in agents_by_role.get(role_name, [])
                       if row.default_skill and row.default_skill in agent.skills]
            replies = "reply" in permissions
            badges = "".join(f'<span class="perm{" reply" if p == "reply" else ""}">{text(p)}</span>' for p in permissions)
            people = "".join(f'<li class="{"answers" if replies else "idle"}">{text(name)} '
                             f'<span class="prof">{proficiency}</span></li>' for name, proficiency in sorted(holders, key=lambda h: (h[1], h[0])))
            cells.append(f'<td>{badges or "<span class=none>-</span>"}'
                         f'{f"<ul class=agents>{people}</ul>" if people else ""}</td>')
        gaps = "".join(f'<span class="gap">{text(gap)}</span>' for gap in row.gaps) or '<span class="ok">ok</span>'
        body.append(f'<tr data-channel="{text(row.channel)}"><th scope="row">{text(row.channel)}'
                    f'<br><small>{text(row.type)} · {text(row.default_skill or "no default skill")}</small></th>'
                    f'{"".join(cells)}<td>{len(row.answering)}</td><td>{gaps}</td></tr>')
    parts = [(f'<table class="coverage"><thead><tr><th>channel · default skill</th>{head}'
             f'<th>can answer</th><th>gaps</th></tr></thead><tbody>{"".join(body)}</tbody></table>'),
             ('<p class="legend">A cell: the role\'s permissions on the channel, then its agents holding the default '
             'skill with their proficiency (struck through: the role may not reply).</p>')]
    if result.unusable_skills:
        parts.append('<h3>Skills held but not usable</h3><ul class="unusable">' + "".join(
            f"<li>{text(item.agent)} ({text(item.role or 'no role')}): {text(item.skill)}: {text(item.reason)}</li>"
            for item in result.unusable_skills) + "</ul>")
    return "".join(parts)


def _when(moment) -> str:
    return text(moment.strftime("%a %d %b %H:%M")) if moment is not None else '<span class="none">no SLA</span>'


def sla_section(rows: list[Deadlines], zone_name: str, error: str | None) -> str:
    """Arrivals down, channels across; each cell the first-response and resolution deadlines."""
    if error:
        return f'<p class="error">{text(error)}</p>'
    channels = list(dict.fromkeys(row.channel for row in rows))
    by_arrival: dict[object, dict[str, Deadlines]] = {}
    for row in rows:
        by_arrival.setdefault(row.arrival, {})[row.channel] = row
    head = "".join(f'<th scope="col">{text(channel)}</th>' for channel in channels)
    body = []
    for arrival, cells in by_arrival.items():
        tds = "".join(f"<td>{_when(cells[channel].first_response_due)}<br>"
                      f"<small>{_when(cells[channel].resolution_due)}</small></td>" for channel in channels)
        body.append(f'<tr><th scope="row">{_when(arrival)}</th>{tds}</tr>')
    return (f'<p class="legend">Times on the tenant\'s clock ({text(zone_name)}); in each cell the first response '
            f'is due first, the resolution below it. Only working hours count (F28).</p>'
            f'<table class="sla"><thead><tr><th>arrival</th>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>')


def runbook_section(runbook: str) -> str:
    return f'<pre class="runbook">{text(runbook)}</pre>'


def forecast_section(rows: list[dict]) -> str:
    """The plan's service-level forecast, before -> after, per channel it moves."""
    if not rows:
        return '<p class="none">The plan changes no one who answers a channel with demand.</p>'
    body = []
    for entry in rows:
        channel, target, goal, before, after = forecast_cells(entry)
        mark = ' class="below"' if entry.get("below_goal") else ""
        body.append(f"<tr{mark}><th scope=\"row\">{text(channel)}</th><td>{text(target)}</td><td>{text(goal)}</td>"
                    f"<td>{text(before)}</td><td>{text(after)}</td></tr>")
    return (f'<p class="legend">{text(FORECAST_TITLE)}.</p><table class="forecast"><thead><tr><th>channel</th>'
            f'<th>first response</th><th>goal</th><th>before</th><th>after</th></tr></thead><tbody>{"".join(body)}</tbody></table>')
