"""Lifecycle in the specs, through the command line on the sandbox: prevent_destroy stops a plan
that would delete or replace the object (LC003); ignore_changes fields are never planned, whether
the specs or the tenant change them; `removed:` forgets an object (state drops it, tenant keeps it);
LC001/LC002 catch what cannot mean anything; the schema and fmt know both forms."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tests.conftest import run_cli

SANDBOX = Path(".acdplan/sandbox.json")
JULES = "agent.jules.leroy@maisonlumiere.fr"


def _edit(path: str, old: str, new: str) -> None:
    file = Path(path)
    text = file.read_text(encoding="utf-8")
    assert old in text, old
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def _applied(project) -> None:
    assert run_cli("apply", "--auto-approve").exit_code == 0
    assert "No changes." in run_cli("plan").output


def _plan_json() -> dict:
    result = run_cli("plan", "--format", "json")
    return json.loads(result.output)


def test_prevent_destroy_refuses_a_replace_and_names_the_object(project):
    _applied(project)
    _edit("specs/channels.yaml", '      id: "33170000000"\n', '      id: "33170000001"\n')
    _edit("specs/channels.yaml", "  WhatsApp FR:\n", "  WhatsApp FR:\n    lifecycle: {prevent_destroy: true}\n")
    assert run_cli("validate").exit_code == 0
    result = run_cli("plan")
    assert result.exit_code == 1
    assert "LC003 channel.WhatsApp FR has lifecycle.prevent_destroy: the plan would replace" in result.output
    assert "specs/channels.yaml:" in result.output  # at the prevent_destroy line the user wrote
    assert run_cli("apply", "--auto-approve").exit_code == 1
    before = json.loads(SANDBOX.read_text())["objects"]["channel"]["WhatsApp FR"]
    assert before["account"]["id"] == "33170000000"  # nothing was replaced


def test_prevent_destroy_lets_an_update_through(project):
    _applied(project)
    _edit("specs/channels.yaml", "  WhatsApp FR:\n", "  WhatsApp FR:\n    lifecycle: {prevent_destroy: true}\n")
    _edit("specs/channels.yaml", '      first_response: "4h"\n', '      first_response: "5h"\n')
    plan = _plan_json()
    assert [c["action"] for c in plan["changes"] if c["address"] == "channel.WhatsApp FR"] == ["update"]
    assert not plan["diagnostics"]


def test_ignore_changes_leaves_the_field_to_the_tenant(project):
    _applied(project)
    _edit("specs/skills.yaml", "    service_level: {goal_percent: 80, threshold_seconds: 60}\n",
          "    service_level: {goal_percent: 90, threshold_seconds: 60}\n"
          "    lifecycle:\n      ignore_changes: [service_level, routing.preferred_agent.timeout_seconds]\n")
    assert "No changes." in run_cli("plan").output  # the specs' new value is ignored
    tenant = json.loads(SANDBOX.read_text())
    skill = tenant["objects"]["skill"]["IGD_Ventes_FR"]
    skill["routing"]["preferred_agent"]["timeout_seconds"] = 600  # changed in CXone by a supervisor
    skill["accept_reject"] = False  # not ignored: planned back
    SANDBOX.write_text(json.dumps(tenant))
    plan = _plan_json()
    change = next(c for c in plan["changes"] if c["address"] == "skill.IGD_Ventes_FR")
    assert change["action"] == "update"
    assert [a["path"] for a in change["attributes"]] == ["accept_reject"]
    assert run_cli("apply", "--auto-approve").exit_code == 0
    skill = json.loads(SANDBOX.read_text())["objects"]["skill"]["IGD_Ventes_FR"]
    assert skill["routing"]["preferred_agent"]["timeout_seconds"] == 600 and skill["accept_reject"] is True
    assert skill["service_level"]["goal_percent"] == 80
    assert "No changes." in run_cli("plan").output


def test_ignore_changes_does_not_stop_a_create(project):
    _edit("specs/skills.yaml", "    service_level: {goal_percent: 80, threshold_seconds: 60}\n",
          "    service_level: {goal_percent: 80, threshold_seconds: 60}\n    lifecycle: {ignore_changes: [service_level]}\n")
    assert run_cli("apply", "--auto-approve").exit_code == 0
    skill = json.loads(SANDBOX.read_text())["objects"]["skill"]["IGD_Ventes_FR"]
    assert skill["service_level"]["goal_percent"] == 80


def test_removed_forgets_without_deleting(project):
    _applied(project)
    agents = yaml.safe_load(Path("specs/agents.yaml").read_text())
    del agents["agents"]["jules.leroy@maisonlumiere.fr"]
    agents["removed"] = [JULES]
    Path("specs/agents.yaml").write_text(yaml.safe_dump(agents, allow_unicode=True))
    text = run_cli("plan").output
    assert f"<= {JULES}" in text and "# forget: listed under removed:" in text
    assert "1 to forget (the tenant keeps them)." in text
    plan = _plan_json()
    assert plan["summary"]["forget"] == 1 and plan["summary"]["delete"] == 0 and plan["summary"]["import"] == 0
    assert next(c for c in plan["changes"] if c["address"] == JULES)["forget"] is True
    assert "forget" in run_cli("plan", "--format", "markdown").output
    assert run_cli("plan", "-o", "plan.json").exit_code == 0
    assert run_cli("apply", "plan.json").exit_code == 0
    assert JULES not in run_cli("state", "list").output
    assert "jules.leroy@maisonlumiere.fr" in json.loads(SANDBOX.read_text())["objects"]["agent"]
    after = run_cli("plan").output
    assert "No changes." in after and f"  {JULES}" in after  # now listed as not managed, left untouched


def test_a_removed_object_still_declared_is_refused(project):
    Path("specs/removed.yaml").write_text(f'removed: ["{JULES}", "tenant.settings"]\n')
    result = run_cli("validate")
    assert result.exit_code == 1
    assert f"specs/removed.yaml:1:11: error LC002 removed: '{JULES}' is still declared under `agents:`" in result.output
    assert "LC002 removed: 'tenant.settings': the tenant's settings cannot be forgotten" in result.output
    Path("specs/removed.yaml").write_text('removed: ["skil.X"]\n')  # no kind: the schema says so first
    result = run_cli("validate")
    assert result.exit_code == 1 and "specs/removed.yaml:1:11: error SC001 'skil.X'" in result.output


def test_ignore_changes_names_fields_that_exist(project):
    _edit("specs/skills.yaml", "    service_level: {goal_percent: 80, threshold_seconds: 60}\n",
          "    service_level: {goal_percent: 80, threshold_seconds: 60}\n"
          "    lifecycle: {ignore_changes: [servce_level, routing.preferred_agent.timeout_secnds]}\n")
    result = run_cli("validate")
    assert result.exit_code == 1
    assert "LC001 skill 'IGD_Ventes_FR': ignore_changes names 'servce_level', which is no field of a skill " \
           "(did you mean 'service_level'?)" in result.output
    assert "(did you mean 'timeout_seconds'?)" in result.output


def test_agent_skill_entries_and_tenant_fields_can_be_ignored(project):
    _edit("specs/agents.yaml", "    skills: {IGD_Ventes_FR: 1, MSG_Service_FR: 3}\n",
          "    skills: {IGD_Ventes_FR: 1, MSG_Service_FR: 3}\n    lifecycle: {ignore_changes: [skills.IGD_Ventes_FR]}\n")
    tenant = yaml.safe_load(Path("specs/tenant.yaml").read_text())
    tenant["tenant"]["lifecycle"] = {"ignore_changes": ["dynamic_delivery"], "prevent_destroy": True}
    Path("specs/tenant.yaml").write_text(yaml.safe_dump(tenant, allow_unicode=True))
    assert run_cli("validate").exit_code == 0
    _applied(project)
    _edit("specs/agents.yaml", "    skills: {IGD_Ventes_FR: 1, MSG_Service_FR: 3}\n",
          "    skills: {IGD_Ventes_FR: 7, MSG_Service_FR: 3}\n")
    assert "No changes." in run_cli("plan").output


def test_schema_and_fmt_know_lifecycle_and_removed(project):
    from acdplan.fmt import format_text

    text = ("removed:\n- agent.x@example.com\nskills:\n  S_1:\n    campaign: Social\n    lifecycle:\n"
            "      prevent_destroy: true\n      ignore_changes: [service_level]\n")
    formatted = format_text(text)
    assert yaml.safe_load(formatted) == yaml.safe_load(text)
    assert format_text(formatted) == formatted
    Path("specs/extra.yaml").write_text("skills:\n  S_1:\n    campaign: Social\n    lifecycle: {prevnt_destroy: true}\n")
    result = run_cli("validate")
    assert "SC001" in result.output and "prevent_destroy" in result.output


def test_removed_is_said_in_one_file(project):
    Path("specs/removed.yaml").write_text('removed: ["agent.x@example.com"]\n')
    Path("specs/removed2.yaml").write_text('removed: ["agent.y@example.com"]\n')
    result = run_cli("validate")
    assert result.exit_code == 1 and "YM002 'removed' is declared in two files" in result.output
