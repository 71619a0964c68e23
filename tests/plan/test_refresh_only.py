"""`plan --refresh-only` shows what the tenant changed since acdplan last applied, proposing nothing
to the tenant; `apply --refresh-only` (or applying the saved refresh-only plan) records it in the
state. Hand-made entries of open lists stay out of the state."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli

SANDBOX = Path(".acdplan/sandbox.json")
CAMILLE = "camille.martin@maisonlumiere.fr"


def _drift() -> None:
    tenant = json.loads(SANDBOX.read_text())
    tenant["objects"]["skill"]["IGD_Ventes_FR"]["service_level"]["goal_percent"] = 55
    tenant["objects"]["agent"][CAMILLE]["skills"]["VOICE_X"] = 4  # made by hand
    tenant["objects"]["agent"][CAMILLE]["skills"]["IGD_Ventes_FR"] = 9
    del tenant["objects"]["agent"]["hugo.thomas@maisonlumiere.fr"]
    SANDBOX.write_text(json.dumps(tenant))


def _state(address: str) -> dict | None:
    shown = run_cli("state", "show", address)
    return json.loads(shown.output) if shown.exit_code == 0 else None


def test_refresh_only_plan_shows_the_tenants_changes_and_proposes_nothing(project):
    assert run_cli("apply", "--auto-approve").exit_code == 0
    _drift()
    tenant_before = SANDBOX.read_text()
    result = run_cli("plan", "--refresh-only", "--detailed-exitcode")
    assert result.exit_code == 2
    assert f"<= agent.{CAMILLE}" in result.output and "# refresh: changed outside acdplan" in result.output
    assert "skills.IGD_Ventes_FR: 1 -> 9" in result.output and "service_level.goal_percent: 80 -> 55" in result.output
    assert "agent.hugo.thomas@maisonlumiere.fr               # refresh: gone from the tenant" in result.output
    assert result.output.rstrip().endswith("Refresh-only plan: 3 to record in the state from the tenant; "
                                           "nothing is changed in the tenant.")
    plan = json.loads(run_cli("plan", "--refresh-only", "--format", "json").output)
    acting = [c for c in plan["changes"] if c.get("refresh")]
    assert {c["action"] for c in acting} == {"noop"} and plan["summary"]["refresh"] == 3
    assert plan["options"] == {"refresh_only": True}
    assert SANDBOX.read_text() == tenant_before  # planning read only


def test_refresh_only_apply_records_the_tenant_in_the_state_only(project):
    assert run_cli("apply", "--auto-approve").exit_code == 0
    _drift()
    tenant_before = SANDBOX.read_text()
    assert run_cli("plan", "--refresh-only", "-o", "refresh.json").exit_code == 0
    applied = run_cli("apply", "refresh.json")
    assert applied.exit_code == 0 and "[1/3] refresh agent." in applied.output
    assert SANDBOX.read_text() == tenant_before  # the tenant is untouched
    recorded = _state(f"agent.{CAMILLE}")
    assert recorded is not None
    document = recorded.get("document", recorded)
    assert document["skills"] == {"IGD_Ventes_FR": 9, "MSG_Service_FR": 3}  # VOICE_X stays the tenant's own
    assert _state("agent.hugo.thomas@maisonlumiere.fr") is None
    assert "No changes. The state records what the tenant holds." in run_cli("plan", "--refresh-only").output
    after = run_cli("plan").output  # the specs still say otherwise: a normal plan proposes them back
    assert "service_level.goal_percent: 55 -> 80" in after and "+ agent.hugo.thomas@maisonlumiere.fr" in after
    assert "keeps what was made by hand: skills.VOICE_X" in after
    nothing = run_cli("apply", "--refresh-only", "--auto-approve")
    assert nothing.exit_code == 0 and "No changes. The state records what the tenant holds." in nothing.output


def test_a_sensitive_value_the_tenant_changed_is_never_shown_nor_recorded(project):
    channels = Path("specs/channels.yaml")
    channels.write_text(channels.read_text().replace('id: "33170000000"', 'id: !sensitive "33170000000"'))
    assert run_cli("apply", "--auto-approve").exit_code == 0
    tenant = json.loads(SANDBOX.read_text())
    whatsapp = tenant["objects"]["channel"]["WhatsApp FR"]
    whatsapp["account"]["allow_message_access"] = True  # a difference met before the id, key by key
    whatsapp["account"]["id"] = "33199999999"  # a new number, set in CXone
    whatsapp["sla"]["first_response"] = 120
    SANDBOX.write_text(json.dumps(tenant))
    shown = run_cli("plan", "--refresh-only", "--format", "json")
    assert "33199999999" not in shown.output
    change = next(c for c in json.loads(shown.stdout)["changes"] if c["address"] == "channel.WhatsApp FR")
    assert change["after"]["account"]["id"] == "(sensitive)" and change["after"]["sla"]["first_response"] == 120
    applied = run_cli("apply", "--refresh-only", "--auto-approve")
    assert applied.exit_code == 0 and "33199999999" not in applied.output
    for path in Path(".acdplan").rglob("*"):
        if path.is_file() and path.resolve() != SANDBOX.resolve():
            assert b"33199999999" not in path.read_bytes(), path  # only the tenant holds it

