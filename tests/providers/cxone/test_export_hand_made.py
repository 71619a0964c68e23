"""Issue 19, item 7: `acdplan export` from CXone writes specs that validate and plan no changes;
what no public route reads is written with a visible marker saying it must be set by hand."""

from __future__ import annotations

import pytest
import yaml

from acdplan.emulator import Emulator
from tests.conftest import run_cli
from tests.emulated_project import KEY_ID, KEY_SECRET


@pytest.fixture
def emulator():
    server = Emulator(max_page_size=100, seed=3)
    server.add_credentials(KEY_ID, KEY_SECRET)
    server.accept_any_credentials = False
    yield server.start()
    server.stop()


def hand_made_project(root, emulator, monkeypatch):
    tenant = emulator.tenant
    tenant.add_campaign("Social")
    chat = tenant.add_skill("CHAT_FR", "Social")
    tenant.add_skill("VOICE_FR", "Social", media_type_id=4)
    no_attribute = tenant.add_user("ana@example.com")  # a digital skill, no Digital Engagement: AG001 on CXone Agent
    tenant.assign_skill(no_attribute, chat, 2)
    tenant.add_user("bo@example.com", DigitalEngagementEnabled=True)  # the attribute, no digital skill: AG002
    role = tenant.add_role("Chat Agents", description="Chat")
    tenant.set_role_permissions(role, ["deSearchMessages"], [{"permissionKey": "deSearchCases", "optionKeys": ["View"]}])
    for variable, value in {"EMU_URL": emulator.url, "EMU_DFO_URL": emulator.dfo_url,
                            "EMU_KEY_ID": KEY_ID, "EMU_KEY_SECRET": KEY_SECRET}.items():
        monkeypatch.setenv(variable, value)
    environment = {"provider": "cxone", "base_url_env": "EMU_URL", "dfo_url_env": "EMU_DFO_URL",
                   "credentials_env": ["EMU_KEY_ID", "EMU_KEY_SECRET"], "state_dir": ".acdplan/state"}
    (root / "acdplan.yaml").write_text(yaml.safe_dump({"specs": "specs", "environments": {"emu": environment}}),
                                       encoding="utf-8")
    return root


def test_export_of_a_hand_made_tenant_validates_marks_what_is_set_by_hand_and_plans_no_changes(
        tmp_path, emulator, monkeypatch):
    root = hand_made_project(tmp_path, emulator, monkeypatch)
    exported = run_cli("-C", str(root), "export", "-e", "emu", "-o", "specs")
    assert exported.exit_code == 0, exported.output
    agents = (root / "specs/agents.yaml").read_text(encoding="utf-8")
    assert "# acdplan:ignore AG001 the agent application is not read back from CXone" in agents
    assert "# acdplan:ignore AG002 the agent application is not read back from CXone" in agents
    assert agents.count("set by hand: `application` and `role`") == 2
    roles = (root / "specs/roles.yaml").read_text(encoding="utf-8")
    assert "set by hand: `channels` and `handles_contacts`" in roles
    assert "cxone:profile:deSearchCases:View" in roles and "cxone:permission:deSearchMessages" in roles

    validated = run_cli("-C", str(root), "validate")
    assert validated.exit_code == 0, validated.output
    assert "AG001" not in validated.output and "AG002" not in validated.output
    first = run_cli("-C", str(root), "apply", "-e", "emu", "--auto-approve")
    assert first.exit_code == 0, first.output  # only imports into the state: nothing to do in the tenant
    assert "0 to create, 0 to update, 0 to replace, 0 to delete" in first.output
    final = run_cli("-C", str(root), "plan", "-e", "emu", "--detailed-exitcode")
    assert final.exit_code == 0 and "No changes." in final.stdout, final.output
