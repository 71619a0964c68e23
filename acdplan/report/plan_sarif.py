"""The plan's findings as SARIF 2.1.0 (`plan --format sarif`): policy denials, the safety threshold,
imports and lockouts, for code scanning as `validate --format sarif` gives the spec findings."""

from __future__ import annotations

from acdplan.plan.changes import Plan
from acdplan.report import diagnostics_sarif


def render(plan: Plan, color: bool = False) -> str:
    return diagnostics_sarif.render(plan.diagnostics)
