"""A plan as a JSON document (docs/CLI.md's `plan --format json` shape) and back.

The same document is what `plan -o FILE` saves: it holds everything apply needs, plus the
fingerprint, serial and lineage of the state it was made against, so apply can refuse it
once it is stale.
"""

from __future__ import annotations

from acdplan.diagnostics import Diagnostic, Severity
from acdplan.plan.changes import Action, AttributeChange, Change, Plan, ui_path
from acdplan.plan.reasons import Reason


def change_to_dict(change: Change) -> dict:
    data: dict[str, object] = {
        "address": change.address,
        "kind": change.kind,
        "name": change.name,
        "action": change.action.value,
        "before": change.before,
        "after": change.after,
        "attributes": [{"path": a.path, "before": a.before, "after": a.after} for a in change.attributes],
        "depends_on": list(change.depends_on),
        "manual": change.manual,
        "ui_path": ui_path(change),
        "reason": change.reason,
        "reason_code": change.reason_code.value,
    }
    if change.manual_reason:
        data["manual_reason"] = change.manual_reason
    if change.drift:
        data["drift"] = True
    if change.pending:
        data["pending"] = True
    if change.adopt:
        data["import"] = True
    if change.renamed_from:
        data["renamed_from"] = change.renamed_from
    if change.kept:
        data["kept"] = [list(entry) for entry in change.kept]
    if change.rebinds:
        data["rebinds"] = list(change.rebinds)
    if change.forget:
        data["forget"] = True
    if change.refresh:
        data["refresh"] = True
    return data


def diagnostic_to_dict(diagnostic: Diagnostic) -> dict:
    return {"rule": diagnostic.rule, "severity": diagnostic.severity.value, "message": diagnostic.message,
            "fact": diagnostic.fact, "file": diagnostic.file, "line": diagnostic.line, "column": diagnostic.column,
            "path": list(diagnostic.path)}


def plan_to_dict(plan: Plan) -> dict:
    return {
        "format_version": plan.format_version,
        "plan_id": plan.plan_id,
        "created_at": plan.created_at,
        "environment": plan.environment,
        "provider": plan.provider,
        "state_fingerprint": plan.fingerprint(),
        "state_serial": plan.state_serial,
        "state_lineage": plan.state_lineage,
        "spec_hash": plan.spec_hash,
        "options": dict(plan.options),
        "summary": plan.summary(),
        "changes": [change_to_dict(change) for change in plan.changes],
        "unmanaged": list(plan.unmanaged),
        "diagnostics": [diagnostic_to_dict(d) for d in plan.diagnostics],
        "capacity": list(plan.capacity),
    }


def change_from_dict(data: dict) -> Change:
    return Change(
        address=data["address"], kind=data["kind"], name=data["name"], action=Action(data["action"]),
        before=data.get("before"), after=data.get("after"),
        attributes=[AttributeChange(a["path"], a.get("before"), a.get("after")) for a in data.get("attributes", [])],
        depends_on=list(data.get("depends_on", [])), reason=data.get("reason", ""), ui_path=data.get("ui_path", ""),
        manual=bool(data.get("manual")), manual_reason=data.get("manual_reason", ""), drift=bool(data.get("drift")),
        adopt=bool(data.get("import")), renamed_from=data.get("renamed_from"),
        kept=[(str(field), str(entry)) for field, entry in data.get("kept", [])],
        rebinds=[str(item) for item in data.get("rebinds", [])], forget=bool(data.get("forget")),
        refresh=bool(data.get("refresh")), pending=bool(data.get("pending")),
        reason_code=_reason_code(data.get("reason_code")),
    )


def _reason_code(value: object) -> Reason:
    """A saved plan's code; plans saved before codes existed (or by a newer acdplan) read as NONE."""
    try:
        return Reason(value)
    except ValueError:
        return Reason.NONE


def plan_from_dict(data: dict) -> Plan:
    return Plan(
        environment=data["environment"], provider=data.get("provider", ""),
        changes=[change_from_dict(c) for c in data.get("changes", [])],
        unmanaged=list(data.get("unmanaged", [])),
        diagnostics=[
            Diagnostic(d["rule"], Severity(d["severity"]), d["message"], d.get("file"), d.get("line"),
                       d.get("column"), tuple(d.get("path") or ()), d.get("fact"))
            for d in data.get("diagnostics", [])
        ],
        state_fingerprint=data.get("state_fingerprint", ""), state_serial=data.get("state_serial", 0),
        state_lineage=data.get("state_lineage", ""), spec_hash=data.get("spec_hash", ""),
        plan_id=data.get("plan_id", ""), created_at=data.get("created_at", ""),
        format_version=data.get("format_version", 1), options=dict(data.get("options") or {}),
        capacity=[dict(entry) for entry in data.get("capacity") or () if isinstance(entry, dict)],
    )
