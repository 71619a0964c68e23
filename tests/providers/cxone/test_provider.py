"""The CXone provider through the emulator: steps, batching, manual steps, unreadable kinds, errors."""

from __future__ import annotations

import copy
import re

from hypothesis import HealthCheck, given, settings

from acdplan.emulator import Emulator
from acdplan.plan.changes import Action
from tests.plan.spec_strategies import specs
from tests.providers.cxone.conftest import KEY_ID, KEY_SECRET, CxoneRun, seed_for, spec_data


def calls(emulator: Emulator, method: str, route: str) -> list:
    """Bodies of the calls to an admin route (`/skills`, `/agents/skills`), ids folded to {id}."""
    pattern = re.compile(r"/services/v[0-9.]+" + re.escape(route).replace(r"\{id\}", "[0-9]+") + "$")
    return [body for _, m, path, body in emulator.log if m == method and pattern.search(path)]


def test_apply_does_what_the_api_can_channels_wait_for_a_person_then_it_converges(cxone):
    data = spec_data()
    seed_for(cxone.emulator, data)
    plan, result = cxone.apply(data)
    statuses = {step.change.address: step.status.value for step in result.steps}
    assert result.exit_code == 3, [(s.change.address, s.error) for s in result.steps if s.error]
    assert statuses["channel.Instagram Direct FR"] == "manual" and statuses["channel.Mail FR"] == "manual"
    assert all(statuses[f"skill.{name}"] == "done" for name in data["skills"])
    assert all(statuses[f"agent.{name}"] == "done" for name in data["agents"])
    reason = next(c.manual_reason for c in plan.changes if c.address == "channel.Instagram Direct FR")
    assert "Connect with Facebook" in reason and "F5" in reason and '"17841400000000000"' in reason
    # the tenant holds the published fields
    raw = cxone.emulator.dump()
    skills = {s["skillName"]: s for s in raw["skills"].values()}
    assert skills["IG_Direct_FR"]["mediaTypeId"] == 9 and skills["IG_Direct_FR"]["serviceLevelGoal"] == 80
    assert skills["IG_Direct_FR"]["requireManualAccept"] is True and skills["IG_Direct_FR"]["useScreenPops"] is True
    assert skills["OUT_FR"]["isOutbound"] is True and skills["OUT_FR"]["outboundStrategy"] == "Personal Connection"
    template = next(t for t in raw["templates"].values() if t["templateName"] == "Relance")
    assert skills["OUT_FR"]["messageTemplateId"] == template["templateId"]
    alice = next(a for a in raw["agents"].values() if a["userName"] == "alice@example.com")
    role = next(r for r in raw["roles"].values() if r["roleName"] == "Social Agents")
    assert alice["DigitalEngagementEnabled"] is True and alice["roleId"] == role["roleId"]
    levels = {
        (a["agentId"], skills_by_id := a["skillId"]): a["agentProficiencyValue"] for a in raw["assignments"].values()
    }
    assert levels[(alice["agentId"], skills["MAIL_FR"]["skillId"])] == 3 and skills_by_id
    # a person creates the channels; the next plan reads them back; nothing is left to do
    assert cxone.acting(data) == []
    seed_for(cxone.emulator, data, channels=True)
    assert cxone.manual(data) == [] and cxone.acting(data) == []
    assert cxone.emulator.tenant.duplicates() == {}


def test_skills_and_agent_skills_are_written_in_batches(cxone):
    data = spec_data()
    for index in range(7):
        data["skills"][f"EXTRA_{index}"] = {"campaign": "Social"}
        data["agents"][f"agent{index}@example.com"] = {
            "digital_engagement": True,
            "skills": {f"EXTRA_{index}": 2, "MAIL_FR": 1},
        }
    seed_for(cxone.emulator, data, channels=True)
    _, result = cxone.apply(data, parallelism=4)
    assert result.exit_code == 0, [(s.change.address, s.error) for s in result.steps if s.error]
    creates = calls(cxone.emulator, "POST", "/skills")
    assert len(creates) == 1 and len(creates[0]["skills"]) == 10
    assert len(calls(cxone.emulator, "POST", "/agents/skills")) == 1
    assert len(calls(cxone.emulator, "PUT", "/agents")) == 1
    assert cxone.acting(data) == [] and cxone.manual(data) == []


def test_a_refused_read_route_makes_its_kind_unreadable_never_an_abort(cxone):
    data = spec_data()
    seed_for(cxone.emulator, data, channels=True)
    cxone.emulator.refuse.add(r"^GET /dfo/3\.0/channels")
    plan, result = cxone.apply(data)
    warnings = [d.message for d in plan.diagnostics if d.rule == "PV002"]
    assert any(m.startswith("channels were not planned") and "HTTP 403" in m for m in warnings)
    assert not any(change.kind == "channel" for change in plan.changes)
    assert result.exit_code == 0 and {s.change.kind for s in result.steps} >= {"skill", "agent"}


def test_what_no_api_sets_is_a_manual_update_with_the_screen_and_values(cxone):
    data = spec_data()
    seed_for(cxone.emulator, data, channels=True)
    cxone.apply(data)
    after = copy.deepcopy(data)
    after["skills"]["MAIL_FR"]["routing"] = {"criteria": "proficiency"}
    after["skills"]["MAIL_FR"]["agent_response_countdown_seconds"] = 120
    after["routing_queues"]["Legacy Social"] = {"filters": {"Mail": {"included_channels": ["Mail FR"]}}}
    plan, result = cxone.apply(after)
    manual = {c.address: c.manual_reason for c in plan.changes if c.manual}
    assert set(manual) == {"skill.MAIL_FR", "routing_queue.Legacy Social"}
    assert (
        "Skills > MAIL_FR" in manual["skill.MAIL_FR"]
        and "agent_response_countdown_seconds: 120" in manual["skill.MAIL_FR"]
    )
    assert "Filters" in manual["routing_queue.Legacy Social"] and '"Mail FR"' in manual["routing_queue.Legacy Social"]
    assert result.exit_code == 3
    # the countdown has a public read: once a person sets it, the next plan sees it
    skill = next(s for s in cxone.emulator.tenant.data["skills"].values() if s["skillName"] == "MAIL_FR")
    skill.update(agentResponseEnabled=True, agentFirstResponseTime=120)
    remaining = cxone.manual(after)
    assert "skill.MAIL_FR" in remaining  # routing: no public read, so it stays a manual step
    plan, provider, store, _ = cxone.plan(after)
    provider.close()
    store.close()
    reason = next(c.manual_reason for c in plan.changes if c.address == "skill.MAIL_FR")
    assert "routing" in reason and "agent_response_countdown_seconds" not in reason


def test_renames_changes_and_deletions(cxone):
    data = spec_data()
    seed_for(cxone.emulator, data, channels=True)
    cxone.apply(data)
    skill_id = next(s["skillId"] for s in cxone.emulator.dump()["skills"].values() if s["skillName"] == "MAIL_FR")
    after = copy.deepcopy(data)
    after["skills"]["MAIL_FR_2"] = dict(
        after["skills"].pop("MAIL_FR"),
        renamed_from="MAIL_FR",
        service_level={"goal_percent": 90, "threshold_seconds": 60},
    )
    for agent in after["agents"].values():
        agent["skills"] = {("MAIL_FR_2" if k == "MAIL_FR" else k): v for k, v in agent["skills"].items()}
    after["agents"]["bob@example.com"]["skills"]["MAIL_FR_2"] = 7
    del after["agents"]["alice@example.com"]["skills"]["IG_Direct_FR"]
    del after["skills"]["IG_Direct_FR"]
    after["channels"]["Mail FR 2"] = dict(after["channels"].pop("Mail FR"), renamed_from="Mail FR")
    plan, result = cxone.apply(after)
    actions = {c.address: c.action for c in plan.changes}
    assert actions["skill.MAIL_FR_2"] is Action.UPDATE and actions["skill.IG_Direct_FR"] is Action.DELETE
    assert actions["channel.Mail FR 2"] is Action.UPDATE
    assert result.exit_code == 0, [(s.change.address, s.error) for s in result.steps if s.error]
    raw = cxone.emulator.dump()
    assert raw["skills"][str(skill_id)]["skillName"] == "MAIL_FR_2"  # the same skill, renamed
    assert raw["skills"][str(skill_id)]["serviceLevelGoal"] == 90
    assert next(s for s in raw["skills"].values() if s["skillName"] == "IG_Direct_FR")["isActive"] is False
    assert sorted(c["name"] for c in raw["channels"].values()) == ["Instagram Direct FR", "Mail FR 2"]
    assert calls(cxone.emulator, "DELETE", "/agents/{id}/skills")  # IG_Direct_FR taken from alice
    assert cxone.acting(after) == [] and cxone.manual(after) == []


def test_a_skill_whose_direction_changes_is_replaced_and_the_old_one_deactivated(cxone):
    data = spec_data()
    seed_for(cxone.emulator, data, channels=True)
    cxone.apply(data)
    after = copy.deepcopy(data)
    after["skills"]["OUT_FR"] = {"campaign": "Social"}
    plan, result = cxone.apply(after)
    assert {c.address: c.action for c in plan.changes}["skill.OUT_FR"] is Action.REPLACE
    assert result.exit_code == 0
    raw = cxone.emulator.dump()["skills"].values()
    assert [s["isOutbound"] for s in raw if s["skillName"] == "OUT_FR" and s["isActive"]] == [False]
    assert any(s["skillName"].startswith("OUT_FR_old") and not s["isActive"] for s in raw)
    assert cxone.acting(after) == []


def test_a_failed_item_of_a_batch_is_a_failed_step_never_silence(cxone):
    data = spec_data()
    seed_for(cxone.emulator, data, channels=True)
    plan, provider, store, state = cxone.plan(data)
    cxone.emulator.tenant.add_skill("MAIL_FR", "Social")  # made by hand between the plan and the apply
    from acdplan.apply import apply_plan

    provider.prepare(plan)
    result = apply_plan(plan, provider, store, state, 2)
    provider.close()
    store.close()
    failed = {s.change.address: s.error for s in result.steps if s.status.value == "failed"}
    assert result.exit_code == 1 and "skill.MAIL_FR" in failed
    assert "already exists" in failed["skill.MAIL_FR"] and "[specs: skills > MAIL_FR]" in failed["skill.MAIL_FR"]


def test_a_refused_step_says_status_description_step_and_spec_place(tmp_path, monkeypatch):
    with Emulator(seed=3, refuse=(r"^POST .*/skills$",)) as emulator:
        emulator.add_credentials(KEY_ID, KEY_SECRET)
        run = CxoneRun(tmp_path, emulator, monkeypatch)
        data = spec_data()
        seed_for(emulator, data, channels=True)
        _, result = run.apply(data, parallelism=1)
        assert result.exit_code == 1
        failed = [s for s in result.steps if s.status.value == "failed"]
        assert len(failed) == 1
        message = failed[0].error
        assert "HTTP 403" in message and "lacks the permission" in message and "F15" in message
        assert failed[0].change.address in message and "[specs: skills > " in message
        assert emulator.requests < 40  # a 403 is not retried


def test_a_user_missing_from_the_tenant_is_a_manual_step(cxone):
    data = spec_data()
    seed_for(cxone.emulator, data, channels=True)
    bob = next(key for key, agent in cxone.emulator.dump()["agents"].items() if agent["userName"] == "bob@example.com")
    del cxone.emulator.tenant.data["agents"][bob]
    plan, result = cxone.apply(data)
    assert [c.address for c in plan.changes if c.manual] == ["agent.bob@example.com"]
    assert "Admin > Employees" in next(c.manual_reason for c in plan.changes if c.manual)
    assert result.exit_code == 3
    cxone.emulator.tenant.add_user("bob@example.com")
    _, result = cxone.apply(data)
    assert result.exit_code == 0 and cxone.acting(data) == []


def test_unmanaged_objects_are_reported_and_never_touched(cxone):
    data = spec_data()
    seed_for(cxone.emulator, data, channels=True)
    cxone.emulator.tenant.add_skill("Legacy_Voice", "Social", media_type_id=4)
    plan, _ = cxone.apply(data)
    assert "skill.Legacy_Voice" in plan.unmanaged
    assert any(s["skillName"] == "Legacy_Voice" and s["isActive"] for s in cxone.emulator.dump()["skills"].values())


def test_a_saved_plan_applies_in_a_new_provider(cxone):
    """Ids are resolved by name at apply time, so a plan made in one process applies in another."""
    data = spec_data()
    seed_for(cxone.emulator, data, channels=True)
    plan, provider, store, _ = cxone.plan(data)
    provider.close()
    store.close()
    from acdplan.apply import apply_plan

    provider = cxone.provider()
    provider.read()
    store = cxone.store()
    result = apply_plan(plan, provider, store, store.read(), 4)  # no preflight: one step at a time
    provider.close()
    store.close()
    assert result.exit_code == 0, [(s.change.address, s.error) for s in result.steps if s.error]
    assert cxone.acting(data) == []


@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=specs())
def test_any_valid_spec_converges_to_nothing_the_api_could_still_do(tmp_path_factory, monkeypatch_module, data):
    with Emulator(max_page_size=3, seed=5) as emulator:
        run = CxoneRun(tmp_path_factory.mktemp("roundtrip"), emulator, monkeypatch_module)
        seed_for(emulator, data, channels=True)
        _, result = run.apply(data)
        assert not [(s.change.address, s.error) for s in result.steps if s.status.value == "failed"]
        assert run.acting(data) == []
        assert emulator.tenant.duplicates() == {}
