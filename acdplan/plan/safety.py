"""The safety threshold: refuse plans that delete or replace too much, unless --force (as octoDNS).

A share of the managed objects guards large tenants; below a minimum size a share is noise,
so an absolute cap guards small ones too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from acdplan.diagnostics import Diagnostic, Severity
from acdplan.validate import catalogue

SAFETY_RULE = catalogue.SAFETY


@dataclass(frozen=True, slots=True)
class SafetyLimits:
    max_delete_percent: float = 30.0
    max_delete_count: int = 100  # absolute cap, whatever the tenant's size
    min_managed_for_percent: int = 10  # under this many managed objects the percentage is not applied
    force: bool = False

    @classmethod
    def from_settings(cls, settings: dict | None, force: bool = False) -> "SafetyLimits":
        settings = settings or {}
        known = {key: settings[key] for key in ("max_delete_percent", "max_delete_count") if key in settings}
        return cls(**known, force=force)


def check_safety(plan, managed_count: int, limits: SafetyLimits) -> list[Diagnostic]:
    destructive = plan.destructive()
    count = len(destructive)
    if not count or limits.force:
        return []
    problems = []
    allowed_by_share = math.floor(managed_count * limits.max_delete_percent / 100)
    if managed_count >= limits.min_managed_for_percent and count > allowed_by_share:
        share = 100 * count / managed_count
        problems.append(f"{count} of {managed_count} managed objects ({share:.0f}%) would be deleted or replaced, "
                        f"over the limit of {limits.max_delete_percent:g}%")
    if count > limits.max_delete_count:
        problems.append(f"{count} objects would be deleted or replaced, over the limit of {limits.max_delete_count}")
    return [
        Diagnostic(SAFETY_RULE, Severity.ERROR,
                   f"safety threshold: {problem}; review the plan and run again with --force if it is intended")
        for problem in problems
    ]
