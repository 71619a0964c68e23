"""`acdplan confirm`: a person says the manual steps of some objects are done.

The pending steps (the state's `manual_steps`, written by apply) of those objects are recorded
as done, with who (ACDPLAN_ACTOR, the CI's actor, else the OS user), when and the values, in one
new version of the state (so in its history too). From then on the state says the tenant holds
those values, which is what the next plan compares with where no public route reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from acdplan.config import Environment
from acdplan.plan.manual_steps import actor, confirmation_operations
from acdplan.state.backends import open_backend


class NothingToConfirm(LookupError):
    """An address with no pending manual step (the message names them all)."""


@dataclass(frozen=True, slots=True)
class Confirmed:
    addresses: list[str] = field(default_factory=list)
    by: str = ""
    serial: int = 0
    values: dict[str, dict] = field(default_factory=dict)  # address -> the values recorded as set


def confirm(environment: Environment, addresses: list[str], everything: bool = False,
            lock_timeout: float = 0.0) -> Confirmed:
    """Record the pending manual steps of `addresses` (every pending one with `everything`) as done."""
    backend = open_backend(environment)
    try:
        with backend.lock("confirm", lock_timeout):
            state = backend.read()
            pending = state.manual_steps
            chosen = sorted(pending) if everything else list(dict.fromkeys(addresses))
            unknown = [address for address in chosen if address not in pending]
            if unknown:
                waiting = ", ".join(sorted(pending)[:10]) or "none"
                raise NothingToConfirm(
                    f"no pending manual step for {', '.join(unknown)} in {environment.name} "
                    f"(pending: {waiting}{', …' if len(pending) > 10 else ''}); `acdplan plan` shows them")
            if not chosen:
                return Confirmed()
            by = actor()
            backend.run_info.who = by
            values = {address: dict(pending[address].get("values") or {}) for address in chosen}
            serial = backend.record(state, confirmation_operations(state, chosen, by))
            backend.checkpoint(state)
            return Confirmed(chosen, by, serial, values)
    finally:
        backend.close()


__all__ = ["Confirmed", "NothingToConfirm", "confirm"]
