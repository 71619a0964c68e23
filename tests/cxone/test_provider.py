"""The CXone provider through the emulator: mapping round trips, steps, manual steps, PF001, errors."""

from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings

from acdplan.diagnostics import Severity
from acdplan.emulator import Emulator
from acdplan.plan.changes import Action
from tests.cxone.conftest import KEY_ID, KEY_SECRET, CxoneRun, seed_for, spec_data
from tests.plan.spec_strategies import specs


def test_apply_then_no_changes_and_the_tenant_holds_the_specs(cxone):
    data = spec_data()
    seed_for(cxone.emulator, data)
    plan, result = cxone.apply(data)
    assert result.exit_code == 0, [(s.change.address, s.error) for s in result.steps]
    assert cxone.pending(data) == []
    cxone.assert_tenant_equals(data)
    raw = cxone.emulator.dump()
    skill = next(s for s in raw["skills"].values() if s["skillName"] == "IG_Direct_FR")
    assert skill["mediaTypeId"] == 9 and skill["serviceLevelGoal"] == 80 and skill["isOutbound"] is False
    assert skill["digitalRouting"]["evaluationCriteria"] == "PREFERRED_AGENT"


def test_server_ids_are_kept_in_state_and_never_in_documents(cxone):
    data = spec_data()
    seed_for(cxone.emulator, data)
    cxone.apply(data)
    store = cxone.store()
    resources = store.read().resources
    store.close()
    raw = cxone.emulator.dump()
    skill_id = next(s["skillId"] for s in raw["skills"].values() if s["skillName"] == "MAIL_FR")
    assert resources["skill.MAIL_FR"]["id"] == str(skill_id)
    assert "skillId" not in str(resources["skill.MAIL_FR"]["document"])


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=specs())
def test_any_valid_spec_round_trips_through_the_mapping(tmp_path_factory, monkeypatch_module, data):
    with Emulator(max_page_size=3, seed=5) as emulator:
        emulator.add_credentials(KEY_ID, KEY_SECRET)
        run = CxoneRun(tmp_path_factory.mktemp("roundtrip"), emulator, monkeypatch_module)
        seed_for(emulator, data)
        _, result = run.apply(data)
        assert result.exit_code == 0, [(s.change.address, s.error) for s in result.steps]
        assert run.pending(data) == []
        run.assert_tenant_equals(data)


def test_changes_renames_and_deletions(cxone):
    data = spec_data()
    seed_for(cxone.emulator, data)
    cxone.apply(data)
    after = copy.deepcopy(data)
    after["skills"]["MAIL_FR"]["service_level"] = {"goal_percent": 90, "threshold_seconds": 60}
    after["skills"]["MAIL_FR_2"] = dict(after["skills"].pop("MAIL_FR"), renamed_from="MAIL_FR")
    for channel in after["channels"].values():
        if channel["default_skill"] == "MAIL_FR":
            channel["default_skill"] = "MAIL_FR_2"
    for agent in after["agents"].values():
        agent["skills"] = {("MAIL_FR_2" if k == "MAIL_FR" else k): v for k, v in agent["skills"].items()}
    del after["skills"]["OUT_FR"]
    del after["roles"]["Supervisors"]
    after["channels"]["Mail FR"]["sla"] = "global"
    after["agents"]["bob@example.com"]["skills"]["MAIL_FR_2"] = 7
    after["routing_queues"]["Legacy Social"]["filters"]["Social"]["included_channels"].append("Mail FR")
    skill_id = next(s["skillId"] for s in cxone.emulator.dump()["skills"].values() if s["skillName"] == "MAIL_FR")
    plan, result = cxone.apply(after)
    actions = {c.address: c.action for c in plan.changes}
    assert actions["skill.MAIL_FR_2"] is Action.UPDATE and actions["skill.OUT_FR"] is Action.DELETE
    assert result.exit_code == 0, [(s.change.address, s.error) for s in result.steps]
    assert cxone.pending(after) == []
    raw = cxone.emulator.dump()
    assert raw["skills"][str(skill_id)]["skillName"] == "MAIL_FR_2"  # the same skill, renamed
    out = next(s for s in raw["skills"].values() if s["skillName"] == "OUT_FR")
    assert out["isActive"] is False  # deactivated, not removed
    cxone.assert_tenant_equals(after)


def test_a_skill_whose_direction_changes_is_replaced_and_the_old_one_deactivated(cxone):
    data = spec_data()
    seed_for(cxone.emulator, data)
    cxone.apply(data)
    after = copy.deepcopy(data)
    after["skills"]["OUT_FR"] = {"campaign": "Social"}
    plan, result = cxone.apply(after)
    assert {c.address: c.action for c in plan.changes}["skill.OUT_FR"] is Action.REPLACE
    assert result.exit_code == 0
    raw = cxone.emulator.dump()["skills"].values()
    assert [s["isOutbound"] for s in raw if s["skillName"] == "OUT_FR" and s["isActive"]] == [False]
    assert any(s["skillName"].startswith("OUT_FR_old") and not s["isActive"] for s in raw)
    assert cxone.pending(after) == []


def test_a_referenced_campaign_or_script_missing_from_the_tenant_is_a_plan_error(cxone):
    data = spec_data()
    cxone.emulator.tenant.add_campaign("Other")
    plan, provider, store, _ = cxone.plan(data)
    provider.close()
    store.close()
    messages = [d.message for d in plan.errors if d.rule == "RF001"]
    assert any("campaign 'Social'" in m for m in messages)
    assert any("Studio script 'DFO_Social_Routing'" in m for m in messages)


def test_an_unauthorised_social_account_is_a_manual_step_then_picked_up(cxone):
    data = spec_data()
    seed_for(cxone.emulator, data, authorise=False)
    cxone.emulator.tenant.authorize("email", "contact@example.com")  # not social: no login needed anyway
    plan, result = cxone.apply(data)
    manual = [c for c in plan.changes if c.manual]
    assert [c.address for c in manual] == ["channel.Instagram Direct FR"]
    assert "Connect with Facebook" in manual[0].manual_reason and "F5" in manual[0].manual_reason
    assert result.exit_code == 3
    statuses = {s.change.address: s.status.value for s in result.steps}
    assert statuses["channel.Instagram Direct FR"] == "manual"
    assert statuses["channel.Mail FR"] == "done" and statuses["skill.IG_Direct_FR"] == "done"
    assert statuses["role.Social Agents"] == "blocked"  # grants the channel that waits for a person
    # a person logs in to Facebook and picks the account (F5)
    cxone.emulator.tenant.authorize("instagram_direct", "17841400000000000", "brand.fr")
    plan, result = cxone.apply(data)
    assert not any(c.manual for c in plan.changes)
    assert result.exit_code == 0
    assert cxone.pending(data) == []
    assert cxone.emulator.dump()["channels"] and cxone.emulator.tenant.duplicates() == {}


def test_a_user_missing_from_the_tenant_is_a_manual_step(cxone):
    data = spec_data()
    seed_for(cxone.emulator, data)
    dump = cxone.emulator.dump()
    bob = next(key for key, agent in dump["agents"].items() if agent["userName"] == "bob@example.com")
    del cxone.emulator.tenant.data["agents"][bob]
    plan, result = cxone.apply(data)
    assert [c.address for c in plan.changes if c.manual] == ["agent.bob@example.com"]
    assert result.exit_code == 3
    cxone.emulator.tenant.add_user("bob@example.com")
    _, result = cxone.apply(data)
    assert result.exit_code == 0 and cxone.pending(data) == []


def test_pf001_refuses_a_plan_that_creates_skills_without_the_permission(tmp_path, monkeypatch):
    with Emulator(seed=2) as emulator:
        emulator.add_credentials(KEY_ID, KEY_SECRET, permissions=("Skills - View", "Skills - Edit"))
        run = CxoneRun(tmp_path, emulator, monkeypatch)
        data = spec_data()
        seed_for(emulator, data)
        plan, provider, store, _ = run.plan(data)
        refusals = provider.preflight(plan)
        provider.close()
        store.close()
        assert [(d.rule, d.severity) for d in refusals] == [("PF001", Severity.ERROR)]
        assert "Skills - Create" in refusals[0].message and "Skills - Edit" not in refusals[0].message
        assert "$CXONE_TEST_KEY_ID" in refusals[0].message and KEY_ID not in refusals[0].message


def test_pf001_is_silent_when_the_credentials_may(cxone):
    data = spec_data()
    seed_for(cxone.emulator, data)
    plan, provider, store, _ = cxone.plan(data)
    assert provider.preflight(plan) == []
    provider.close()
    store.close()


def test_a_refused_step_says_status_description_step_and_spec_place(tmp_path, monkeypatch):
    with Emulator(seed=3) as emulator:
        emulator.add_credentials(KEY_ID, KEY_SECRET, permissions=())
        run = CxoneRun(tmp_path, emulator, monkeypatch)
        data = spec_data()
        seed_for(emulator, data)
        _, result = run.apply(data, parallelism=1)
        assert result.exit_code == 1
        failed = [s for s in result.steps if s.status.value == "failed"]
        assert len(failed) == 1
        message = failed[0].error
        assert "HTTP 403" in message and "lacks the permission" in message
        assert failed[0].change.address in message and "[specs: " in message
        assert emulator.requests < 40  # a 403 is not retried


def test_unmanaged_objects_are_reported_and_never_touched(cxone):
    data = spec_data()
    seed_for(cxone.emulator, data)
    campaign = cxone.emulator.tenant.find("campaigns", "campaignName", "Social")["campaignId"]
    cxone.emulator.tenant.add_skill("Legacy_Voice", "Social", media_type_id=4)
    cxone.emulator.tenant.add_role("Hand Made")
    plan, result = cxone.apply(data)
    assert "skill.Legacy_Voice" in plan.unmanaged and "role.Hand Made" in plan.unmanaged
    raw = cxone.emulator.dump()
    assert any(s["skillName"] == "Legacy_Voice" and s["isActive"] and s["campaignId"] == campaign
               for s in raw["skills"].values())
    assert any(r["name"] == "Hand Made" for r in raw["roles"].values())


def test_a_saved_plan_applies_in_a_new_provider(cxone):
    """Ids are resolved by name at apply time, so a plan made in one process applies in another."""
    data = spec_data()
    seed_for(cxone.emulator, data)
    plan, provider, store, state = cxone.plan(data)
    provider.close()
    store.close()
    from acdplan.apply import apply_plan

    provider = cxone.provider()
    provider.read()
    store = cxone.store()
    result = apply_plan(plan, provider, store, store.read(), 4)
    provider.close()
    store.close()
    assert result.exit_code == 0
    assert cxone.pending(data) == []
