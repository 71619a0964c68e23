"""--target: a target, what it depends on (transitively), nothing else, in the planner's order."""

from __future__ import annotations

import pytest

from acdplan.plan.changes import Action, Change
from acdplan.plan.targeting import UnknownTarget, restrict


def _change(address: str, *depends_on: str, action: Action = Action.CREATE) -> Change:
    kind, _, name = address.partition(".")
    return Change(address, kind, name, action, depends_on=depends_on)


CHANGES = [
    _change("skill.A"), _change("skill.B"), _change("channel.X", "skill.A", "campaign.Social"),
    _change("role.R", "channel.X"), _change("agent.bob", "role.R", "skill.B"), _change("skill.OLD", action=Action.DELETE),
]


def addresses(changes) -> list[str]:
    return [change.address for change in changes]


def test_a_target_brings_what_it_depends_on_transitively_in_order():
    assert addresses(restrict(CHANGES, ["role.R"])) == ["skill.A", "channel.X", "role.R"]
    assert addresses(restrict(CHANGES, ["agent.bob"])) == ["skill.A", "skill.B", "channel.X", "role.R", "agent.bob"]


def test_targets_repeat_and_combine():
    assert addresses(restrict(CHANGES, ["skill.OLD", "skill.B", "skill.B"])) == ["skill.B", "skill.OLD"]


def test_no_target_keeps_everything():
    assert addresses(restrict(CHANGES, [])) == addresses(CHANGES)


def test_an_unknown_target_names_the_closest_address():
    with pytest.raises(UnknownTarget, match=r"did you mean 'channel\.X'"):
        restrict(CHANGES, ["channel.x"])
    with pytest.raises(UnknownTarget, match=r"addresses are kind\.name"):
        restrict(CHANGES, ["nothing-like-it"])
