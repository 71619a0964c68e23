"""Sealed saved plans: a plan file is applied only as it was written, to what it was made from.

A saved plan carries a digest of its own content and the hash of the specs it was made from.
At apply, the engine re-plans the same specs against the same tenant and state and requires the
same steps: an edited change list, a plan for other specs, a state or tenant that moved, or a
plan that would now cross the safety threshold or touch what acdplan does not manage is refused.
"""

from __future__ import annotations

import hashlib

from acdplan.plan.changes import Plan
from acdplan.state.journal import canonical_json

DIGEST_KEY = "digest"


class BrokenSeal(Exception):
    """The saved plan is not what acdplan wrote, or no longer what the specs plan."""


def digest_of(document: dict) -> str:
    body = {key: value for key, value in document.items() if key != DIGEST_KEY}
    return "sha256:" + hashlib.sha256(canonical_json(body)).hexdigest()


def seal(document: dict) -> dict:
    """The plan document with its digest (the last key, so a reader sees it after what it covers)."""
    return {**document, DIGEST_KEY: digest_of(document)}


def check_seal(document: dict) -> None:
    recorded = document.get(DIGEST_KEY)
    if not recorded:
        raise BrokenSeal("the plan file carries no digest: it was not written by `acdplan plan -o` (or is too old)")
    if recorded != digest_of(document):
        raise BrokenSeal("the plan file was changed after it was written (its digest does not match its content)")


def steps_of(plan: Plan) -> list[tuple]:
    """What an apply of the plan would do, step by step: the part a re-plan must reproduce."""
    return [(change.address, change.action.value, canonical_json(change.after), change.adopt, change.manual,
             tuple(sorted(change.depends_on)))
            for change in plan.changes if change.acts]


def check_same_steps(saved: Plan, remade: Plan) -> None:
    if saved.spec_hash != remade.spec_hash:
        raise BrokenSeal("the specs changed since the plan was made; run acdplan plan again")
    if steps_of(saved) != steps_of(remade):
        raise BrokenSeal("the plan's steps are not what these specs plan against this tenant (the plan file "
                         "was edited, or was made with other options); run acdplan plan again")
