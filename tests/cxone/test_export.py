"""Export round trips: export -> validate (no errors) -> plan against the same tenant: no changes."""

from __future__ import annotations

import yaml

from acdplan.apply import apply_plan
from acdplan.export import export_sections, render_section, write_export
from acdplan.load import load_spec_folder
from acdplan.plan import PlanInputs, SafetyLimits, make_plan
from acdplan.providers.base import TenantSnapshot
from acdplan.validate import validate_loaded
from tests.cxone.conftest import CxoneRun, seed_for, spec_data


def export_to(run: CxoneRun, folder) -> list:
    provider = run.provider()
    try:
        return write_export(provider.read(), folder, provider.export_hints(), environment="emu")
    finally:
        provider.close()


def validated(folder):
    result = validate_loaded(load_spec_folder(folder))
    assert not result.errors, [(d.rule, d.file, d.message) for d in result.errors]
    return result


def plan_exported(run: CxoneRun, result):
    provider = run.provider()
    store = run.store()
    state = store.read()
    snapshot = provider.read()
    plan = make_plan(PlanInputs(result.spec, result.loaded.sources, snapshot, state, "emu", provider.name,
                                safety=SafetyLimits(force=True)))
    provider.mark_manual(plan, snapshot)
    return plan, provider, store, state


def acting(plan) -> list:
    return [(c.address, c.action.value) for c in plan.changes if c.action.value != "noop"]


def test_export_of_a_tenant_acdplan_made_round_trips(cxone, tmp_path):
    data = spec_data()
    seed_for(cxone.emulator, data)
    _, result = cxone.apply(data)
    assert result.exit_code == 0
    written = export_to(cxone, tmp_path / "exported")
    assert sorted(path.name for path in written) == sorted(
        ["tenant.yaml", "campaigns.yaml", "scripts.yaml", "skills.yaml", "channels.yaml", "roles.yaml",
         "routing_queues.yaml", "agents.yaml", "import.yaml"])
    plan, provider, store, _ = plan_exported(cxone, validated(tmp_path / "exported"))
    provider.close()
    store.close()
    assert not plan.errors and acting(plan) == [] and not plan.has_changes
    skills = yaml.safe_load((tmp_path / "exported" / "skills.yaml").read_text())["skills"]
    assert "media" not in skills["IG_Direct_FR"] and "direction" not in skills["IG_Direct_FR"]  # defaults left out
    assert skills["OUT_FR"]["direction"] == "outbound"
    channels = yaml.safe_load((tmp_path / "exported" / "channels.yaml").read_text())["channels"]
    assert channels["Instagram Direct FR"]["account"]["name"] == "brand.fr"
    text = "".join(path.read_text() for path in written)
    assert "chan_" not in text and "role_" not in text and "skillId" not in text  # names, never ids


def seed_by_hand(emulator) -> None:
    """A brownfield tenant: objects a person made, that acdplan never created."""
    tenant = emulator.tenant
    tenant.data["businessUnit"]["dynamicDeliveryEnabled"] = True
    tenant.data["slaSettings"] = {
        "workingHours": {"timezone": "Europe/London",
                         "days": [{"day": "monday", "intervals": [{"from": "09:00", "to": "17:00"}]},
                                  {"day": "friday", "intervals": [{"from": "09:00", "to": "12:00"}]}]},
        "globalSla": {"firstResponseMinutes": 90, "resolutionMinutes": 2880}}
    tenant.add_campaign("Support")
    tenant.add_campaign("Unused campaign")
    script = tenant.add_script("Route_Mail")
    mail = tenant.add_skill("MAIL_EN", "Support", serviceLevelGoal=80, serviceLevelThreshold=30, notes="English mail")
    tenant.add_skill("Voice_EN", "Support", media_type_id=4, isOutbound=True)
    channel = tenant.add_channel("Support Mail", "email", "support@example.com", account_name="Support desk",
                                 defaultSkillId=mail, defaultScriptId=script, slaPolicy={"useGlobal": True})
    role = tenant.add_role("Support", adminPermissions=["skills.view", "digital_engagement.view"],
                           channelPermissions=[{"channelId": channel, "permissions": ["reply", "view"]}])
    eve = tenant.add_user("eve@example.com", digitalRoleId=role, digitalEngagementEnabled=True,
                          agentApplication="CXoneAgent")
    tenant.assign_skill(eve, mail, 2)
    tenant.add_user("zed@example.com")  # no Digital configuration: not an agent of the export
    tenant.add_routing_queue("Old Queue", [{"name": "Mail", "includedChannelIds": [channel], "includedSkillIds": [mail]}])


def test_export_of_a_hand_made_tenant_is_imported_not_deleted(cxone, tmp_path):
    seed_by_hand(cxone.emulator)
    before = cxone.emulator.dump()
    written = export_to(cxone, tmp_path / "exported")
    result = validated(tmp_path / "exported")
    assert "zed@example.com" not in (tmp_path / "exported" / "agents.yaml").read_text()
    assert "Unused campaign" not in (tmp_path / "exported" / "campaigns.yaml").read_text()
    plan, provider, store, state = plan_exported(cxone, result)
    assert not plan.errors and acting(plan) == []
    assert plan.summary()["import"] >= 6  # in the tenant, not yet in acdplan's state: recorded
    applied = apply_plan(plan, provider, store, state, 2)
    provider.close()
    store.close()
    assert applied.exit_code == 0
    assert cxone.emulator.dump() == before  # nothing created, changed or deleted
    assert cxone.emulator.mutations == 0
    plan, provider, store, _ = plan_exported(cxone, validate_loaded(load_spec_folder(tmp_path / "exported")))
    provider.close()
    store.close()
    assert not plan.has_changes
    # imported objects are now managed: dropping one from the specs deletes (deactivates) it
    skills_file = tmp_path / "exported" / "skills.yaml"
    skills = yaml.safe_load(skills_file.read_text())
    del skills["skills"]["Voice_EN"]
    skills_file.write_text(yaml.safe_dump(skills))
    plan, provider, store, _ = plan_exported(cxone, validated(tmp_path / "exported"))
    provider.close()
    store.close()
    assert acting(plan) == [("skill.Voice_EN", "delete")]
    assert written


def test_export_writes_sorted_keys_and_comments_for_values_it_cannot_map():
    snapshot = TenantSnapshot(objects={
        "tenant": {"settings": {"agent_application": "cxone_agent", "dynamic_delivery": False}},
        "skill": {"Z_SKILL": {"campaign": "C", "media": "cxone_media_type_42", "direction": "inbound",
                              "personal_connection": False, "byoc": False, "sub_skill": False, "popurl": False,
                              "accept_reject": False},
                  "A_SKILL": {"campaign": "C", "media": "digital", "direction": "inbound", "personal_connection": False,
                              "byoc": False, "sub_skill": False, "popurl": True, "accept_reject": False}},
        "channel": {}, "role": {}, "routing_queue": {}, "agent": {}})
    hints = {"notes": {"skill.Z_SKILL": [("media", "media type 42 (Fax) has no acdplan name")]}}
    sections = export_sections(snapshot, hints)
    text = render_section("skills", *sections["skills"])
    assert text.index("A_SKILL") < text.index("Z_SKILL")
    assert "  # could not map: media type 42 (Fax) has no acdplan name: `media` left out\n  Z_SKILL:" in text
    parsed = yaml.safe_load(text)
    assert parsed["skills"]["Z_SKILL"] == {"campaign": "C"}
    assert parsed["skills"]["A_SKILL"] == {"campaign": "C", "popurl": True}
    assert list(parsed["skills"]["A_SKILL"]) == sorted(parsed["skills"]["A_SKILL"])
    assert render_section("tenant", *sections["tenant"]).endswith("tenant: {}\n")


def test_export_refuses_a_folder_that_already_holds_specs(tmp_path):
    from acdplan.export import ExportError

    (tmp_path / "skills.yaml").write_text("skills: {}\n")
    snapshot = TenantSnapshot(objects={"tenant": {}, "skill": {}, "channel": {}, "role": {}, "routing_queue": {}, "agent": {}})
    try:
        write_export(snapshot, tmp_path)
    except ExportError as error:
        assert "--force" in str(error)
    else:
        raise AssertionError("export overwrote existing specs")
    assert [path.name for path in write_export(snapshot, tmp_path, force=True)] == ["tenant.yaml"]
