"""Saved plans: refused when stale or applied already; manual steps stop the apply (exit 3)."""

from __future__ import annotations

import copy
import json

import pytest

from acdplan.apply import StalePlan, apply_plan, check_fresh
from acdplan.plan.serialize import plan_from_dict, plan_to_dict
from tests.plan.sandbox_runner import Sandbox
from tests.plan.small_tenant import AFTER, BEFORE, NeedsAPerson


def _round_trip(plan):
    return plan_from_dict(json.loads(json.dumps(plan_to_dict(plan))))


def test_a_fresh_saved_plan_applies(tmp_path):
    sandbox = Sandbox(tmp_path)
    plan, provider, store, state = sandbox.plan(BEFORE)
    saved = _round_trip(plan)
    check_fresh(saved, store.read(), provider.read(), "sandbox")
    result = apply_plan(saved, provider, store, state)
    assert result.exit_code == 0
    assert sandbox.pending(BEFORE) == []


def test_a_plan_applied_already_is_refused(tmp_path):
    sandbox = Sandbox(tmp_path)
    plan, provider, store, state = sandbox.plan(BEFORE)
    saved = _round_trip(plan)
    apply_plan(saved, provider, store, state)
    with pytest.raises(StalePlan, match="applied already"):
        check_fresh(saved, store.read(), provider.read(), "sandbox")


def test_a_plan_is_stale_once_the_state_moved(tmp_path):
    sandbox = Sandbox(tmp_path)
    sandbox.apply(BEFORE)
    saved = _round_trip(sandbox.plan(AFTER)[0])
    other = copy.deepcopy(BEFORE)
    other["skills"]["NEW_FR"] = {"campaign": "Social"}
    sandbox.apply(other)  # someone else applied in between
    with pytest.raises(StalePlan, match=r"stale.*serial"):
        check_fresh(saved, sandbox.store().read(), sandbox.provider().read(), "sandbox")


def test_a_plan_is_stale_once_the_tenant_changed_outside_acdplan(tmp_path):
    sandbox = Sandbox(tmp_path)
    sandbox.apply(BEFORE)
    saved = _round_trip(sandbox.plan(AFTER)[0])
    provider = sandbox.provider()
    provider.seed("skill", "Made_By_Hand", {"campaign": "Social"})
    with pytest.raises(StalePlan, match=r"stale.*tenant changed"):
        check_fresh(saved, sandbox.store().read(), provider.read(), "sandbox")


def test_a_plan_for_another_environment_is_refused(tmp_path):
    sandbox = Sandbox(tmp_path)
    plan, provider, store, _ = sandbox.plan(BEFORE)
    with pytest.raises(StalePlan, match="environment"):
        check_fresh(_round_trip(plan), store.read(), provider.read(), "production")


def test_apply_stops_before_a_manual_step_having_done_everything_else(tmp_path):
    sandbox = Sandbox(tmp_path)
    sandbox.apply(BEFORE)
    provider = NeedsAPerson(tmp_path / "sandbox.json", fsync=False)
    plan, provider, store, state = sandbox.plan(AFTER, provider=provider)
    manual = [c for c in plan.changes if c.manual]
    assert [c.address for c in manual] == ["channel.WA"]
    assert manual[0].ui_path.endswith("WhatsApp > Create channel > Connect with Facebook")
    result = apply_plan(plan, provider, store, state)
    provider.close()
    store.close()
    assert result.exit_code == 3
    statuses = {s.change.address: s.status.value for s in result.steps}
    assert statuses["channel.WA"] == "manual"
    assert statuses["role.Agents"] == "blocked"  # its permissions name the channel
    assert statuses["skill.WA_FR"] == "done" and statuses["channel.IG"] == "done"
    assert statuses["agent.a@example.com"] == "blocked"  # its role waits for the channel
    # once a person has done it (here: the sandbox that needs nobody), the rest converges
    _, result = sandbox.apply(AFTER)
    assert result.exit_code == 0
    assert sandbox.pending(AFTER) == []
