"""Export round trips through the emulator: export -> validate (no errors) -> plan: nothing for the API to do."""

from __future__ import annotations

import yaml

from acdplan.apply import apply_plan
from acdplan.export import write_export
from acdplan.load import load_spec_folder
from acdplan.plan import PlanInputs, SafetyLimits, make_plan
from acdplan.validate import validate_loaded
from tests.providers.cxone.conftest import CxoneRun, seed_for, spec_data


def export_to(run: CxoneRun, folder) -> list:
    provider = run.provider()
    try:
        return write_export(provider.read(), folder, provider.export_hints(), environment="emu")
    finally:
        provider.close()


# What no public API reads (a channel's default skill and account options, roles' permissions) cannot
# be exported: the rules that need those values are the only ones an export may break (docs/CXONE.md).
UNREADABLE_RULES = {"CH001", "CH003", "CH004", "CH007", "RF001"}


def validated(folder):
    result = validate_loaded(load_spec_folder(folder))
    assert {d.rule for d in result.errors} <= UNREADABLE_RULES, [(d.rule, d.message) for d in result.errors]
    return result


def plan_exported(run: CxoneRun, result):
    provider = run.provider()
    store = run.store()
    state = store.read()
    provider.use_state(state.applied_document)  # as the engine does before reading
    snapshot = provider.read()
    plan = make_plan(
        PlanInputs(
            result.spec, result.loaded.sources, snapshot, state, "emu", provider.name, safety=SafetyLimits(force=True)
        )
    )
    provider.mark_manual(plan, snapshot)  # the hook the engine calls after planning
    return plan, provider, store, state


def acting(plan) -> list:
    return [(c.address, c.action.value) for c in plan.changes if c.action.value != "noop"]


def test_export_of_a_tenant_acdplan_made_round_trips(cxone, tmp_path):
    data = spec_data()
    seed_for(cxone.emulator, data, channels=True)
    _, result = cxone.apply(data)
    assert result.exit_code == 0
    written = export_to(cxone, tmp_path / "exported")
    assert {"skills.yaml", "channels.yaml", "agents.yaml", "routing_queues.yaml"} <= {path.name for path in written}
    validated(tmp_path / "exported")
    skills = yaml.safe_load((tmp_path / "exported" / "skills.yaml").read_text())["skills"]
    assert skills["OUT_FR"]["direction"] == "outbound" and skills["OUT_FR"]["message_template"] == "Relance"
    assert skills["IG_Direct_FR"]["service_level"] == {"goal_percent": 80, "threshold_seconds": 30}
    text = "".join(path.read_text() for path in written)
    assert "chan_" not in text and "skillId" not in text  # names, never ids


def test_export_of_a_hand_made_tenant_is_imported_not_deleted(cxone, tmp_path):
    tenant = cxone.emulator.tenant
    tenant.add_campaign("Support")
    tenant.add_script("Route_Mail")
    mail = tenant.add_skill("MAIL_EN", "Support", serviceLevelGoal=80, serviceLevelThreshold=30, notes="English mail")
    tenant.add_skill("Voice_EN", "Support", media_type_id=4, isOutbound=True)
    tenant.add_channel("Support Mail", "email", "support@example.com", studioScript="Route_Mail")
    eve = tenant.add_user("eve@example.com", DigitalEngagementEnabled=True)
    tenant.assign_skill(eve, mail, 2)
    tenant.add_user("zed@example.com")  # no Digital configuration: not an agent of the export
    before = cxone.emulator.dump()
    export_to(cxone, tmp_path / "exported")
    validated(tmp_path / "exported")
    assert "zed@example.com" not in (tmp_path / "exported" / "agents.yaml").read_text()
    channels_file = tmp_path / "exported" / "channels.yaml"  # a person adds what no API reads
    channels = yaml.safe_load(channels_file.read_text())
    channels["channels"]["Support Mail"]["default_skill"] = "MAIL_EN"
    channels_file.write_text(yaml.safe_dump(channels))
    (tmp_path / "exported" / "roles.yaml").write_text(
        yaml.safe_dump(
            {
                "roles": {
                    "Support": {"admin_permissions": ["skills.view"], "channels": {"Support Mail": ["view", "reply"]}}
                }
            }
        )
    )
    agents_file = tmp_path / "exported" / "agents.yaml"
    agents = yaml.safe_load(agents_file.read_text())
    agents["agents"]["eve@example.com"]["role"] = "Support"
    agents_file.write_text(yaml.safe_dump(agents))
    tenant.add_role("Support")
    before = cxone.emulator.dump()
    result = validate_loaded(load_spec_folder(tmp_path / "exported"))
    assert not result.errors, [(d.rule, d.message) for d in result.errors]
    plan, provider, store, state = plan_exported(cxone, result)
    assert not plan.errors
    assert sorted(acting(plan)) == [("agent.eve@example.com", "update"), ("channel.Support Mail", "update"),
                                    ("role.Support", "update")]
    # the channel's default skill and the role's permissions (no public route reads or sets them): by hand
    assert sorted(c.address for c in plan.changes if c.manual) == ["channel.Support Mail", "role.Support"]
    assert (
        plan.summary()["import"] >= 2
    )  # in the tenant, not yet in acdplan's state: recorded  # in the tenant, not yet in acdplan's state: recorded
    applied = apply_plan(plan, provider, store, state, 2)
    provider.close()
    store.close()
    assert applied.exit_code == 3
    raw = cxone.emulator.dump()  # only eve's role was written: nothing created or deleted
    assert {k: v for k, v in raw.items() if k != "agents"} == {k: v for k, v in before.items() if k != "agents"}
    writes = {(method, path.rsplit("/", 1)[-1]) for _, method, path, _ in cxone.emulator.log if method != "GET"}
    assert writes <= {("PUT", "agents"), ("POST", "search")}, writes
    skills_file = tmp_path / "exported" / "skills.yaml"
    skills = yaml.safe_load(skills_file.read_text())
    del skills["skills"]["Voice_EN"]
    skills_file.write_text(yaml.safe_dump(skills))
    plan, provider, store, _ = plan_exported(cxone, validate_loaded(load_spec_folder(tmp_path / "exported")))
    provider.close()
    store.close()
    assert [a for a in acting(plan) if a[0] not in ("channel.Support Mail", "role.Support")] == [("skill.Voice_EN", "delete")]
