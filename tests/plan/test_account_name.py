"""Issue 20 item 7: a channel's `account.name` was accepted and never planned. It is now part of
the channel's document: a new name is an update the plan shows, the runbook says which account
to pick by its name, and a plan after apply is empty (on the sandbox, and on the CXone emulator,
where no public document holds the name and acdplan's state stands for it)."""

from __future__ import annotations

import json

from tests.conftest import run_cli


def test_a_new_account_name_is_planned(project):
    assert run_cli("apply", "--auto-approve").exit_code == 0
    assert run_cli("plan", "--detailed-exitcode").exit_code == 0
    channels = project / "specs" / "channels.yaml"
    channels.write_text(channels.read_text().replace("name: Maison Lumière Livraison", "name: Lumière Livraisons"))
    result = run_cli("plan", "--detailed-exitcode")
    assert result.exit_code == 2, result.output
    assert '~ channel.WhatsApp FR' in result.stdout
    assert 'account.name: "Maison Lumière Livraison" -> "Lumière Livraisons"' in result.stdout
    document = json.loads(run_cli("plan", "--format", "json").stdout)
    [change] = [c for c in document["changes"] if c["action"] != "noop" and c["address"] == "channel.WhatsApp FR"]
    assert change["after"]["account"]["name"] == "Lumière Livraisons"
    assert run_cli("apply", "--auto-approve").exit_code == 0
    assert run_cli("plan", "--detailed-exitcode").exit_code == 0


def test_the_runbook_picks_the_account_by_its_name(project):
    runbook = run_cli("plan", "--format", "runbook").stdout
    assert "Pick the account Maison Lumière Livraison (id 33170000000) and click Create." in runbook
    assert "Enter Account > Name: SAV." in runbook  # an email channel's account: entered, not picked
