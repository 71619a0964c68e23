"""Apply order: dependencies first, deletions in reverse, replacement as delete-then-create."""

from __future__ import annotations

import copy

from acdplan.plan import Action
from tests.plan.sandbox_runner import Sandbox
from tests.plan.small_tenant import AFTER, BEFORE


def _positions(plan) -> dict[str, int]:
    return {change.address: index for index, change in enumerate(plan.changes)}


def test_a_channel_is_never_created_before_its_default_skill(tmp_path):
    plan, provider, store, _ = Sandbox(tmp_path).plan(AFTER)
    order = _positions(plan)
    assert order["skill.WA_FR"] < order["channel.WA"]
    assert order["skill.IG_FR"] < order["channel.IG"]
    assert order["channel.WA"] < order["role.Agents"] < order["agent.b@example.com"]
    assert "skill.WA_FR" in plan.changes[order["channel.WA"]].depends_on


def test_a_skill_is_deactivated_only_after_no_channel_binds_it(tmp_path):
    sandbox = Sandbox(tmp_path)
    sandbox.apply(BEFORE)
    plan, *_ = sandbox.plan(AFTER)
    order = _positions(plan)
    delete = plan.changes[order["skill.OLD_FR"]]
    assert delete.action is Action.DELETE
    assert "deactivate" in delete.reason
    # the channel and the agent that held OLD_FR let go of it first
    assert order["channel.IG"] < order["skill.OLD_FR"]
    assert order["agent.a@example.com"] < order["skill.OLD_FR"]
    assert {"channel.IG", "agent.a@example.com"} <= set(delete.depends_on)
    _, result = sandbox.apply(AFTER, parallelism=8)
    assert result.exit_code == 0
    provider = sandbox.provider()
    assert "OLD_FR" in provider.document["inactive"]["skill"]  # deactivated, not removed
    provider.close()


def test_replacement_is_delete_then_create(tmp_path):
    sandbox = Sandbox(tmp_path)
    sandbox.apply(BEFORE)
    moved = copy.deepcopy(BEFORE)
    moved["channels"]["IG"]["account"]["id"] = "999"
    plan, *_ = sandbox.plan(moved)
    change = next(c for c in plan.changes if c.address == "channel.IG")
    assert change.action is Action.REPLACE
    assert "account.id" in change.reason
    old_id = sandbox.provider().read().ids["channel.IG"]
    sandbox.apply(moved)
    new_id = sandbox.provider().read().ids["channel.IG"]
    assert new_id != old_id  # a new object, not the old one edited
    assert sandbox.pending(moved) == []


def test_order_is_deterministic(tmp_path):
    first, *_ = Sandbox(tmp_path / "a").plan(AFTER)
    second, *_ = Sandbox(tmp_path / "b").plan(AFTER)
    assert [c.address for c in first.changes] == [c.address for c in second.changes]


def test_rename_keeps_identity(tmp_path):
    sandbox = Sandbox(tmp_path)
    sandbox.apply(BEFORE)
    renamed = copy.deepcopy(BEFORE)
    renamed["skills"]["OLD_FR_V2"] = dict(renamed["skills"].pop("OLD_FR"), renamed_from="OLD_FR")
    renamed["channels"]["IG"]["default_skill"] = "OLD_FR_V2"
    renamed["agents"]["a@example.com"]["skills"] = {"OLD_FR_V2": 1}
    old_id = sandbox.provider().read().ids["skill.OLD_FR"]
    plan, *_ = sandbox.plan(renamed)
    change = next(c for c in plan.changes if c.address == "skill.OLD_FR_V2")
    assert change.action is Action.UPDATE and change.renamed_from == "OLD_FR"
    assert not [c for c in plan.changes if c.action is Action.DELETE]
    sandbox.apply(renamed)
    assert sandbox.provider().read().ids["skill.OLD_FR_V2"] == old_id
    assert "skill.OLD_FR" not in sandbox.state_resources()
    assert sandbox.pending(renamed) == []


def test_unmanaged_objects_are_reported_and_never_touched(tmp_path):
    sandbox = Sandbox(tmp_path)
    provider = sandbox.provider()
    provider.seed("skill", "Legacy_Voice", {"campaign": "Voice", "media": "voice", "direction": "inbound"})
    provider.close()
    plan, *_ = sandbox.plan(BEFORE)
    assert plan.unmanaged == ["skill.Legacy_Voice"]
    assert all(c.address != "skill.Legacy_Voice" for c in plan.changes)
    sandbox.apply(BEFORE)
    assert "Legacy_Voice" in sandbox.tenant()["skill"]


def test_drift_is_shown(tmp_path):
    sandbox = Sandbox(tmp_path)
    sandbox.apply(BEFORE)
    provider = sandbox.provider()
    body = dict(provider.document["objects"]["skill"]["IG_FR"], description="edited in the UI")
    provider.store.append(provider.document, [{"op": "set", "path": ["objects", "skill", "IG_FR"], "value": body}])
    provider.close()
    plan, *_ = sandbox.plan(BEFORE)
    change = next(c for c in plan.changes if c.address == "skill.IG_FR")
    assert change.action is Action.UPDATE and change.drift
    assert "outside acdplan" in change.reason
    assert [a.path for a in change.attributes] == ["description"]
