"""Issue 20 item 7: names are escaped in every text output, whoever wrote them.

Specs refuse control characters in names (NM002); a tenant's objects are made by anyone with
CXone admin access. An object the tenant holds with a hostile name goes through every text
output a plan run makes: none prints a raw control character or a line a CI runner reads as a
workflow command.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import run_cli

HOSTILE = "Evil\n::error title=X::y\x1b[2K\r\u202e"


def raw_controls(output: str) -> list[str]:
    return [c for c in output if c != "\n" and not c.isprintable()]


def command_lines(output: str) -> list[str]:
    return [line for line in output.split("\n") if re.match(r"\s*(::|##\[)", line)]


@pytest.fixture
def hostile_tenant(project):
    assert run_cli("apply", "--auto-approve").exit_code == 0
    sandbox = project / ".acdplan" / "sandbox.json"
    tenant = json.loads(sandbox.read_text())
    tenant["objects"]["role"][HOSTILE] = {"handles_contacts": False, "description": "made by hand \n::warning::z"}
    tenant["ids"][f"role.{HOSTILE}"] = "role-999"
    sandbox.write_text(json.dumps(tenant))
    return project


@pytest.mark.parametrize("args", [("plan",), ("plan", "--format", "runbook"), ("plan", "--format", "markdown"),
                                  ("plan", "--format", "json"), ("plan", "--import-existing"), ("graph",),
                                  ("coverage",), ("state", "list"), ("export", "-o", "exported")])
def test_a_hostile_tenant_name_is_escaped_in_every_text_output(hostile_tenant, args):
    result = run_cli(*args)
    output = result.stdout + result.stderr
    assert result.exit_code in (0, 2), output
    assert raw_controls(output) == [] and command_lines(output) == [], output
    if args == ("plan",):
        assert "role.Evil\\x0a::error title=X::y" in output  # shown, escaped
    if args[0] == "export":  # the spec files too: YAML escapes, read back as the same name
        roles = (hostile_tenant / "exported" / "roles.yaml").read_text(encoding="utf-8")
        assert raw_controls(roles) == [] and command_lines(roles) == []
