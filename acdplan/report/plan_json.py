"""The plan as JSON (docs/CLI.md's `plan --format json` contract)."""

from __future__ import annotations

import json

from acdplan.plan.changes import Plan
from acdplan.plan.serialize import plan_to_dict
from acdplan.report.escape import json_text


def render(plan: Plan, color: bool = False) -> str:
    return json_text(json.dumps(plan_to_dict(plan), indent=2, ensure_ascii=False)) + "\n"  # names escaped
