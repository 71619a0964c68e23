"""A value a spec tags !sensitive is recorded as (sensitive) in the state; when the tenant changes
it, no plan shows the new value, whatever else changed before it in the document."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli

SANDBOX = Path(".acdplan/sandbox.json")


def test_a_plan_never_shows_a_sensitive_value_the_tenant_changed(project):
    """The normal plan too: a difference met before the value must not stop it being hidden."""
    channels = Path("specs/channels.yaml")
    channels.write_text(channels.read_text().replace('id: "33170000000"', 'id: !sensitive "33170000000"'))
    assert run_cli("apply", "--auto-approve").exit_code == 0
    tenant = json.loads(SANDBOX.read_text())
    tenant["objects"]["channel"]["WhatsApp FR"]["account"]["allow_message_access"] = True
    tenant["objects"]["channel"]["WhatsApp FR"]["account"]["id"] = "33199999999"
    SANDBOX.write_text(json.dumps(tenant))
    for output_format in ("text", "json", "markdown", "runbook"):
        result = run_cli("plan", "--format", output_format)
        assert "33199999999" not in result.output, output_format
    assert "account.id: (sensitive) -> (sensitive)" in run_cli("plan").output
