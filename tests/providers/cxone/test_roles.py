"""Issue 19, item 3: roles are visible. Read through User Hub roles/search (RoleV1) and admin
/security-profiles, over loopback against the emulator; a change to a role's channel permissions
is a manual step with the screen and the values; drift in the keys read is detected."""

from __future__ import annotations

import copy
import json

import pytest
import yaml

from acdplan.emulator import perform_manual_steps
from tests.conftest import run_cli
from tests.emulated_project import emulated_project, example_spec, started_emulator
from tests.providers.cxone.conftest import seed_for, spec_data

PROFILE = [{"permissionKey": "deSearchCases", "optionKeys": ["View"]}, {"permissionKey": "deSearchPosts"}]
APPLICATIONS = [{"applicationId": "digital", "privileges": [{"privilegeId": "cases", "actions": ["VIEW", "EDIT"]}],
                 "features": [{"featureId": "search", "privileges": [{"privilegeId": "messages", "actions": ["VIEW"]}]}]}]
KEYS = ["cxone:permission:deSearchMessages", "cxone:privilege:digital/cases:EDIT", "cxone:privilege:digital/cases:VIEW",
        "cxone:privilege:digital/search/messages:VIEW", "cxone:profile:deSearchCases:View", "cxone:profile:deSearchPosts"]


def role_id(emulator, name: str) -> str:
    return next(key for key, role in emulator.tenant.data["roles"].items() if role["roleName"] == name)


def test_roles_are_read_with_every_cxone_permission_key_kept_and_shown(cxone):
    data = spec_data()
    seed_for(cxone.emulator, data, channels=True)
    cxone.emulator.tenant.set_role_permissions(role_id(cxone.emulator, "Social Agents"), ["deSearchMessages"],
                                               PROFILE, APPLICATIONS)
    role = cxone.tenant()["role"]["Social Agents"]
    assert role["admin_permissions"] == KEYS  # every key read, none dropped
    plan, provider, store, _ = cxone.plan(data)
    provider.close()
    store.close()
    assert not [d for d in plan.diagnostics if d.rule == "PV002"]  # roles are planned now
    change = next(c for c in plan.changes if c.address == "role.Social Agents")
    assert change.adopt and not change.manual  # taken over as the tenant holds it (a person made it)
    after = copy.deepcopy(data)
    after["roles"]["Social Agents"] = {"admin_permissions": ["skills.view"]}
    plan, provider, store, _ = cxone.plan(after)
    provider.close()
    store.close()
    change = next(c for c in plan.changes if c.address == "role.Social Agents")
    assert change.manual and sorted(entry for _, entry in change.kept) == KEYS  # kept, and the plan says which
    assert change.after["admin_permissions"] == sorted(["skills.view", *KEYS])


def test_a_role_key_the_specs_hold_and_the_tenant_lost_is_drift(cxone):
    data = spec_data()
    data["roles"]["Social Agents"] = {"admin_permissions": ["cxone:profile:deSearchCases:View"]}
    seed_for(cxone.emulator, data, channels=True)
    role = role_id(cxone.emulator, "Social Agents")
    cxone.emulator.tenant.set_role_permissions(role, profile=PROFILE[:1])
    cxone.apply(data)
    assert ("role.Social Agents", "update") not in cxone.pending(data)
    cxone.emulator.tenant.set_role_permissions(role, profile=[])  # someone unticks it in CXone
    plan, provider, store, _ = cxone.plan(data)
    provider.close()
    store.close()
    change = next(c for c in plan.changes if c.address == "role.Social Agents")
    assert change.drift and "changed outside acdplan" in change.reason and change.manual
    assert "cxone:profile:deSearchCases:View" in change.manual_reason


def test_a_refused_security_profile_list_still_reads_the_roles(cxone):
    data = spec_data()
    seed_for(cxone.emulator, data, channels=True)
    cxone.emulator.refuse.add(r"^GET /incontactapi/services/v[0-9.]+/security-profiles")
    plan, provider, store, _ = cxone.plan(data)
    provider.close()
    store.close()
    assert not [d for d in plan.diagnostics if d.rule == "PV002"]
    assert any(c.address == "role.Social Agents" for c in plan.changes)


@pytest.fixture
def project_emulator():
    server = started_emulator()
    yield server
    server.stop()


def test_a_role_given_reply_on_a_channel_is_planned_as_a_manual_step_with_the_screen(tmp_path, project_emulator,
                                                                                       monkeypatch):
    emulator = project_emulator
    root = emulated_project(tmp_path, emulator, monkeypatch)
    perform_manual_steps(emulator, example_spec())
    assert run_cli("-C", str(root), "apply", "-e", "emu", "--auto-approve", "--import-existing").exit_code == 3
    perform_manual_steps(emulator, example_spec())
    assert run_cli("-C", str(root), "confirm", "-e", "emu", "--all").exit_code == 0
    assert run_cli("-C", str(root), "plan", "-e", "emu", "--detailed-exitcode").exit_code == 0

    roles_file = root / "specs/roles.yaml"
    roles = yaml.safe_load(roles_file.read_text(encoding="utf-8"))
    roles["roles"]["Conseillers SAV"]["channels"]["Messenger FR"] = ["view", "reply"]
    roles_file.write_text(yaml.safe_dump(roles, allow_unicode=True), encoding="utf-8")
    text = run_cli("-C", str(root), "plan", "-e", "emu", "--detailed-exitcode")
    assert text.exit_code == 2, text.output
    assert "~ role.Conseillers SAV" in text.stdout
    assert ("Channels > Messenger FR > Edit permissions: tick reply, view (adds reply, view)" in text.stdout)
    assert "ACD > Digital > Roles > Conseillers SAV > Edit > Channels > Edit permissions" in text.stdout
    assert "changed outside acdplan" not in text.stdout
    document = json.loads(run_cli("-C", str(root), "plan", "-e", "emu", "--format", "json").stdout)
    acting = [change for change in document["changes"] if change["action"] != "noop"]
    assert [change["address"] for change in acting] == ["role.Conseillers SAV"]
    assert acting[0]["manual"] and not acting[0].get("pending")
    assert acting[0]["attributes"] == [{"path": "channels[\"Messenger FR\"]", "before": None,
                                        "after": ["reply", "view"]}], acting[0]["attributes"]
    assert run_cli("-C", str(root), "apply", "-e", "emu", "--auto-approve").exit_code == 3
    pending = json.loads(run_cli("-C", str(root), "plan", "-e", "emu", "--format", "json").stdout)
    assert pending["summary"]["pending"] == 1
    assert run_cli("-C", str(root), "confirm", "-e", "emu", "role.Conseillers SAV").exit_code == 0
    assert run_cli("-C", str(root), "plan", "-e", "emu", "--detailed-exitcode").exit_code == 0
