"""Sensitive values: `!sensitive` in specs and `sensitive_vars:` in acdplan.yaml.

End to end through the CLI: every output (plan in each format, saved plan, validate, apply's
messages, the HTML report, the state) shows `(sensitive)`; only the tenant (here the sandbox
tenant file) holds the values, and a saved plan applies by reading them again from the specs.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from acdplan import sensitive
from acdplan.cli import main
from acdplan.load.yaml_source import parse_yaml
from acdplan.report.diagnostics_formats import FORMATS as DIAGNOSTIC_FORMATS
from acdplan.report.plan_formats import PLAN_FORMATS
from tests.conftest import EXAMPLE_SPECS

WHATSAPP_ID = "33170000000"
MAILBOX = "sav-secret@maisonlumiere.fr"
PROJECT_FILE = f"""specs: specs/
environments:
  sandbox:
    provider: local
    path: .acdplan/sandbox.json
    vars: {{mailbox: {MAILBOX}}}
    sensitive_vars: [mailbox]
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    """The example, with the WhatsApp number tagged and the email box from a sensitive variable."""
    shutil.copytree(EXAMPLE_SPECS, tmp_path / "specs")
    channels = tmp_path / "specs" / "channels.yaml"
    text = channels.read_text()
    text = text.replace(f'id: "{WHATSAPP_ID}"', f'id: !sensitive "{WHATSAPP_ID}"')
    text = text.replace("id: sav@maisonlumiere.fr", 'id: "{{ mailbox }}"')
    (tmp_path / "specs" / "channels.yaml.j2").write_text(text)
    channels.unlink()
    (tmp_path / "acdplan.yaml").write_text(PROJECT_FILE)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def assert_hidden(text: str, *values: str) -> None:
    for value in values or (WHATSAPP_ID, MAILBOX):
        assert value not in text


def files_under(folder: Path) -> dict[str, str]:
    return {str(path): path.read_text(errors="replace") for path in folder.rglob("*") if path.is_file()}


def test_every_plan_format_shows_sensitive(project):
    for output_format in PLAN_FORMATS:
        result = run("plan", "--format", output_format)
        assert result.exit_code == 0, result.output
        assert_hidden(result.output)
    document = json.loads(run("plan", "--format", "json").output)
    whatsapp = next(change for change in document["changes"] if change["address"] == "channel.WhatsApp FR")
    assert whatsapp["after"]["account"]["id"] == "(sensitive)"
    email = next(change for change in document["changes"] if change["address"] == "channel.Email SAV")
    assert email["after"]["account"]["id"] == "(sensitive)"
    runbook = run("plan", "--format", "runbook").output
    assert "Enter Account > ID: (sensitive)." in runbook and "Pick the account Maison Lumière Livraison (id (sensitive))" in runbook


def test_a_saved_plan_state_and_logs_never_hold_the_values_only_the_tenant_does(project):
    saved = run("plan", "-o", "plan.json")
    assert saved.exit_code == 0, saved.output
    assert_hidden((project / "plan.json").read_text())
    assert '"id": "(sensitive)"' in (project / "plan.json").read_text()
    applied = run("apply", "plan.json")
    assert applied.exit_code == 0, applied.output
    assert "Apply complete." in applied.output
    assert_hidden(applied.output)
    for text in files_under(project / ".acdplan" / "state").values():
        assert_hidden(text)
    tenant = json.loads((project / ".acdplan" / "sandbox.json").read_text())
    assert WHATSAPP_ID in json.dumps(tenant) and MAILBOX in json.dumps(tenant)  # the tenant needs them
    again = run("plan", "--detailed-exitcode")
    assert again.exit_code == 0, again.output  # a recorded (sensitive) is not drift
    assert "No changes." in again.output


def test_a_changed_value_hides_the_old_one_too(project):
    assert run("apply", "--auto-approve").exit_code == 0
    result = run("plan", "--var", "mailbox=new-box@maisonlumiere.fr")
    assert result.exit_code == 0, result.output
    assert "account.id: (sensitive) -> (sensitive)" in result.output
    assert_hidden(result.output, MAILBOX, "new-box@maisonlumiere.fr")
    markdown = run("plan", "--var", "mailbox=new-box@maisonlumiere.fr", "--format", "json").output
    assert_hidden(markdown, MAILBOX, "new-box@maisonlumiere.fr")


def test_a_saved_plan_is_refused_when_its_specs_changed(project):
    assert run("plan", "-o", "plan.json").exit_code == 0
    tenant = project / "specs" / "tenant.yaml"
    tenant.write_text(tenant.read_text().replace("resolution: {days: 1}", "resolution: {days: 2}"))
    result = run("apply", "plan.json")
    assert result.exit_code == 1
    assert "error PL001 the specs changed since the plan was made; run acdplan plan again" in result.output
    # A sensitive variable given another value at apply changes the rendered specs: refused too.
    tenant.write_text(tenant.read_text().replace("resolution: {days: 2}", "resolution: {days: 1}"))
    other = run("apply", "plan.json", "--var", "mailbox=other@maisonlumiere.fr")
    assert other.exit_code == 1
    assert "error PL001 the specs changed since the plan was made" in other.output
    assert_hidden(other.output, MAILBOX, "other@maisonlumiere.fr")
    assert not (project / ".acdplan" / "sandbox.json").exists() or WHATSAPP_ID not in \
        (project / ".acdplan" / "sandbox.json").read_text()


def test_diagnostics_and_the_report_hide_them(project):
    channels = project / "specs" / "channels.yaml.j2"
    channels.write_text(channels.read_text() + """
  Instagram Pro:
    type: instagram
    account: {id: !sensitive "178414009999", professional: false}
    default_skill: IGD_Ventes_FR
    default_script: DFO_Social_Routing
""")
    for output_format in DIAGNOSTIC_FORMATS:  # markdown escapes the marker's parentheses
        result = run("validate", "--format", output_format)
        assert "(sensitive)" in result.output or "&#40;sensitive&#41;" in result.output, output_format
        assert_hidden(result.output, "178414009999")
    (project / "specs" / "channels.yaml.j2").write_text(channels.read_text().split("\n  Instagram Pro:")[0] + "\n")
    report = run("report", "-o", "report.html")
    assert report.exit_code == 0, report.output
    page = (project / "report.html").read_text()
    assert_hidden(page)
    assert "(sensitive)" in page


def test_the_tag_keeps_the_value_type_and_is_refused_on_a_mapping():
    sensitive.reset()
    parsed = parse_yaml("a: !sensitive 900\nb: !sensitive 'x-token'\nc: !sensitive true\n", "f.yaml")
    assert parsed.data == {"a": 900, "b": "x-token", "c": True}
    assert sensitive.marked() == {"900", "x-token"}
    assert sensitive.redact_data({"a": 900, "list": ["x-token", "ok"], "text": "Bearer x-token"}) == \
        {"a": "(sensitive)", "list": ["(sensitive)", "ok"], "text": "Bearer (sensitive)"}
    refused = parse_yaml("a: !sensitive {b: 1}\n", "f.yaml")
    assert refused.data is None
    assert [(d.rule, d.line, d.column) for d in refused.diagnostics] == [("YM001", 1, 4)]
    sensitive.reset()
    assert sensitive.redact_text("Bearer x-token") == "Bearer x-token"


def test_a_plain_spec_file_with_a_tag_is_redacted_on_every_run(project):
    """The parse cache keeps plain files' data: the marks must not depend on parsing them."""
    agents = project / "specs" / "agents.yaml"
    agents.write_text(agents.read_text().replace("skills: {MAIL_SAV_FR: 5}", "skills: {MAIL_SAV_FR: 5}\n"
                                                 "    description: !sensitive badge-4242-secret"))
    for _ in range(2):
        result = run("plan", "--format", "json")
        assert result.exit_code == 0, result.output
        assert_hidden(result.output, "badge-4242-secret")
