"""`--target ADDRESS`: a plan cut down to some objects and what they depend on (Terraform's -target).

`restrict` is a pure function over the plan's changes: the order stays the planner's (apply
order), and a target's dependencies come along, transitively, so applying the cut plan never
creates a skill before its campaign or a channel before its default skill. The targets are kept
in the plan's options, so applying a saved plan re-plans it cut the same way.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from acdplan.plan.changes import Change, Plan


class UnknownTarget(ValueError):
    """A --target names no object of the plan; the message suggests the closest address."""


def restrict(changes: Sequence[Change], targets: Iterable[str]) -> list[Change]:
    """The changes of `targets` and of everything they depend on, in their original order.
    No targets: every change. A target that is no address of the plan: UnknownTarget."""
    targets = list(dict.fromkeys(targets))
    if not targets:
        return list(changes)
    by_address = {change.address: change for change in changes}
    for target in targets:
        if target not in by_address:
            close = difflib.get_close_matches(target, list(by_address), n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else " (addresses are kind.name, e.g. skill.IG_Direct_FR)"
            raise UnknownTarget(f"--target {target!r} is not an object of this plan{hint}")
    keep: set[str] = set()
    pending = list(targets)
    while pending:
        address = pending.pop()
        if address in keep or address not in by_address:
            continue  # a dependency outside the plan (an existing campaign) has nothing to apply
        keep.add(address)
        pending.extend(by_address[address].depends_on)
    return [change for change in changes if change.address in keep]


def restrict_plan(plan: Plan, targets: Iterable[str]) -> None:
    """Cuts `plan` down to `targets` in place and records them; an unknown target is a TG001 error."""
    from acdplan.validate.catalogue import TG001, diagnostic

    targets = list(targets)
    if not targets:
        return
    try:
        plan.changes = restrict(plan.changes, targets)
    except UnknownTarget as error:
        plan.diagnostics.append(diagnostic(TG001, str(error)))
        return
    plan.options = {**plan.options, "targets": targets}
