"""The safety threshold refuses mass deletions unless forced, and says which limit was hit."""

from __future__ import annotations

import copy

from acdplan.plan.safety import SafetyLimits, check_safety
from tests.plan.sandbox_runner import Sandbox


def _tenant(skills: int) -> dict:
    return {
        "tenant": {}, "campaigns": {"Social": {}}, "scripts": {},
        "skills": {f"SK_{index:03d}": {"campaign": "Social"} for index in range(skills)},
        "channels": {}, "roles": {}, "agents": {},
    }


def test_share_over_the_limit_is_refused_then_forced(tmp_path):
    sandbox = Sandbox(tmp_path)
    big = _tenant(20)
    sandbox.apply(big)
    small = copy.deepcopy(big)
    for index in range(8):  # 8 of 21 managed objects (the 20 skills + tenant settings): 38% > 30%
        del small["skills"][f"SK_{index:03d}"]
    plan, *_ = sandbox.plan(small, force=False)
    assert [d.rule for d in plan.errors] == ["SAFETY"]
    assert "over the limit of 30%" in plan.errors[0].message
    forced, *_ = sandbox.plan(small, force=True)
    assert forced.errors == []


def test_under_the_share_passes(tmp_path):
    sandbox = Sandbox(tmp_path)
    big = _tenant(20)
    sandbox.apply(big)
    del big["skills"]["SK_000"]
    plan, *_ = sandbox.plan(big, force=False)
    assert plan.errors == []


def test_absolute_cap_applies_to_small_and_large_tenants(tmp_path):
    sandbox = Sandbox(tmp_path)
    tenant = _tenant(5)
    sandbox.apply(tenant)
    tenant["skills"] = {}
    plan, *_ = sandbox.plan(tenant, force=False)
    assert [d.rule for d in plan.errors] == ["SAFETY"]  # 5 of 6: the share applies to small tenants too
    limits = SafetyLimits(max_delete_count=3, max_delete_percent=100)
    problems = check_safety(plan, 6, limits)
    assert len(problems) == 1 and "over the limit of 3" in problems[0].message


def test_an_emptied_folder_cannot_delete_7_of_8(tmp_path):
    sandbox = Sandbox(tmp_path)
    tenant = _tenant(7)
    sandbox.apply(tenant)
    tenant["skills"] = {}
    plan, *_ = sandbox.plan(tenant, force=False)
    assert [d.rule for d in plan.errors] == ["SAFETY"]
    assert "7 of 8 managed objects" in plan.errors[0].message


def test_one_deletion_is_always_allowed(tmp_path):
    sandbox = Sandbox(tmp_path)
    tenant = _tenant(1)
    sandbox.apply(tenant)
    tenant["skills"] = {}
    plan, *_ = sandbox.plan(tenant, force=False)
    assert plan.errors == []  # 1 of 2: a floor of one change keeps tiny tenants workable


def test_updates_have_their_own_limit(tmp_path):
    sandbox = Sandbox(tmp_path)
    tenant = _tenant(10)
    sandbox.apply(tenant)
    for body in tenant["skills"].values():
        body["description"] = "edited"
    plan, *_ = sandbox.plan(tenant, force=False)
    assert [d.rule for d in plan.errors] == ["SAFETY"]
    assert "10 of 11 managed objects (91%) would be updated, over the limit of 50%" in plan.errors[0].message
    relaxed = check_safety(plan, 11, SafetyLimits(max_update_percent=100))
    assert relaxed == []
