"""The safety threshold: refuse plans that change too much at once, unless --force (as octoDNS).

Deletions and replacements have one limit, updates another: each a share of the managed
objects and an absolute count. The share applies on every tenant size, with at least one
change always allowed, so a tenant of 8 objects cannot lose 7 of them by an emptied folder.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from acdplan.diagnostics import Diagnostic
from acdplan.plan.changes import Action
from acdplan.validate import catalogue

SAFETY_RULE = catalogue.SAFETY
SETTINGS = ("max_delete_percent", "max_delete_count", "max_update_percent", "max_update_count")


@dataclass(frozen=True, slots=True)
class SafetyLimits:
    max_delete_percent: float = 30.0
    max_delete_count: int = 100  # absolute cap, whatever the tenant's size
    max_update_percent: float = 50.0
    max_update_count: int = 1000
    force: bool = False

    @classmethod
    def from_settings(cls, settings: dict | None, force: bool = False) -> SafetyLimits:
        settings = settings or {}
        return cls(**{key: settings[key] for key in SETTINGS if key in settings}, force=force)


def check_safety(plan, managed_count: int | Callable[[], int], limits: SafetyLimits) -> list[Diagnostic]:
    """The safety thresholds; `managed_count` may be a function, asked only when something would
    be deleted, replaced or updated (a no-op plan never counts what the state holds)."""
    if limits.force:
        return []
    destructive = len(plan.destructive())
    # What acdplan would change itself in objects it already manages (imports are shown and asked for).
    update = Action.UPDATE
    updates = sum(1 for change in plan.changes if change.action is update and not change.manual and not change.adopt)
    if not destructive and not updates:
        return []
    if callable(managed_count):
        managed_count = managed_count()
    problems = _over("deleted or replaced", destructive, managed_count, limits.max_delete_percent,
                     limits.max_delete_count)
    problems += _over("updated", updates, managed_count, limits.max_update_percent, limits.max_update_count)
    return [catalogue.diagnostic(SAFETY_RULE, f"safety threshold: {problem}; review the plan and run again with "
                                              f"--force if it is intended") for problem in problems]


def _over(what: str, count: int, managed_count: int, percent: float, cap: int) -> list[str]:
    if not count:
        return []
    problems = []
    allowed_by_share = max(1, math.floor(managed_count * percent / 100))
    if count > allowed_by_share and managed_count:
        share = 100 * count / managed_count
        problems.append(f"{count} of {managed_count} managed objects ({share:.0f}%) would be {what}, "
                        f"over the limit of {percent:g}%")
    if count > cap:
        problems.append(f"{count} objects would be {what}, over the limit of {cap}")
    return problems
