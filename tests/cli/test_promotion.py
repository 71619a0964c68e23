"""Promotion between business units (issue 22, item 4), on two sandbox tenants: `export --only`
writes the named objects and everything they refer to; `import --generate-config` writes the
adopted object's spec as export would; `diff -e A -e B` shows what A has that B lacks, as a plan."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from acdplan.load import load_spec_folder
from tests.conftest import run_cli

PROJECT = ("specs: specs/\nenvironments:\n  dev: {provider: local, path: .acdplan/dev.json}\n"
           "  prod: {provider: local, path: .acdplan/prod.json}\n")


def _two_business_units(project: Path) -> None:
    (project / "acdplan.yaml").write_text(PROJECT)
    assert run_cli("apply", "-e", "dev", "--auto-approve").exit_code == 0


def test_export_only_writes_the_objects_and_what_they_refer_to(project):
    _two_business_units(project)
    result = run_cli("export", "-e", "dev", "--only", "role.Conseillers SAV", "-o", "promo")
    assert result.exit_code == 0, result.output
    data = load_spec_folder(project / "promo").data
    assert set(data["roles"]) == {"Conseillers SAV"}
    assert set(data["channels"]) == {"Email SAV"}  # the role's channel
    assert set(data["skills"]) == {"MAIL_SAV_FR"}  # the channel's default skill
    assert set(data["campaigns"]) == {"Service_Client"} and set(data["scripts"]) == {"DFO_Email_Routing"}
    assert "tenant" not in data and "agents" not in data  # the other unit's settings are never written
    assert not (project / "promo" / "tenant.yaml").exists()
    assert run_cli("validate", "promo").exit_code == 0
    # promoted into prod's specs (here: prod has none of it yet), they plan as creates of just those objects
    planned = json.loads(run_cli("plan", "-e", "prod", "promo", "--format", "json").stdout)
    created = {c["address"] for c in planned["changes"] if c["action"] == "create"}
    assert {"role.Conseillers SAV", "channel.Email SAV", "skill.MAIL_SAV_FR"} <= created


def test_export_only_names_the_closest_object_for_a_wrong_address(project):
    _two_business_units(project)
    result = run_cli("export", "-e", "dev", "--only", "role.Conseillers SA", "-o", "promo")
    assert result.exit_code == 1 and "'role.Conseillers SA' names no object of the tenant" in result.output
    assert "role.Conseillers SAV" in result.output and not (project / "promo").exists()


def test_import_generate_config_writes_the_spec_as_export_would(project):
    _two_business_units(project)
    assert run_cli("export", "-e", "dev", "--only", "skill.MAIL_Relance_FR", "-o", "exported").exit_code == 0
    assert run_cli("state", "rm", "-e", "dev", "skill.MAIL_Relance_FR").exit_code == 0
    tenant_id = json.loads(Path(".acdplan/dev.json").read_text())["ids"]["skill.MAIL_Relance_FR"]
    result = run_cli("import", "-e", "dev", "skill.MAIL_Relance_FR", tenant_id, "--generate-config", "relance.yaml")
    assert result.exit_code == 0 and "its spec is in relance.yaml" in result.output
    written = yaml.safe_load(Path("relance.yaml").read_text())
    assert written["skills"] == yaml.safe_load((project / "exported" / "skills.yaml").read_text())["skills"]
    assert "import" not in written  # it is in the state now
    assert "skill.MAIL_Relance_FR" in run_cli("state", "list", "-e", "dev").output
    again = run_cli("import", "-e", "dev", "skill.MAIL_Relance_FR", tenant_id, "--generate-config", "relance.yaml")
    assert again.exit_code == 1 and "relance.yaml exists already" in again.output


def test_diff_shows_what_one_tenant_has_that_the_other_lacks(project):
    _two_business_units(project)
    assert run_cli("export", "-e", "dev", "--only", "role.Conseillers SAV", "-o", "promo").exit_code == 0
    assert run_cli("apply", "-e", "prod", "promo", "--auto-approve").exit_code == 0
    prod = json.loads(Path(".acdplan/prod.json").read_text())
    prod["objects"]["skill"]["MAIL_SAV_FR"]["service_level"]["goal_percent"] = 50
    Path(".acdplan/prod.json").write_text(json.dumps(prod))
    result = run_cli("diff", "-e", "dev", "-e", "prod")
    assert result.exit_code == 2
    assert result.output.startswith("acdplan diff: dev's tenant onto prod's, as a plan would apply it\n")
    assert "+ agent.camille.martin@maisonlumiere.fr" in result.output and "# create: in dev, not in prod" in result.output
    assert "~ skill.MAIL_SAV_FR" in result.output and "service_level.goal_percent: 50 -> 90" in result.output
    assert "  role.Conseillers SAV" not in result.output  # the same in both: not shown
    reverse = json.loads(run_cli("diff", "-e", "prod", "-e", "dev", "--format", "json").stdout)
    assert reverse["summary"]["create"] == 0 and reverse["summary"]["delete"] > 0
    assert run_cli("diff", "-e", "dev", "-e", "dev").exit_code == 0
    assert run_cli("diff", "-e", "dev").exit_code == 1


def test_diff_shows_sensitive_values_as_sensitive(project):
    channels = Path("specs/channels.yaml")
    channels.write_text(channels.read_text().replace('id: "33170000000"', 'id: !sensitive "33170000000"'))
    _two_business_units(project)
    result = run_cli("diff", "-e", "dev", "-e", "prod", "--format", "json")
    assert result.exit_code == 2 and "33170000000" not in result.output
    change = next(c for c in json.loads(result.stdout)["changes"] if c["address"] == "channel.WhatsApp FR")
    assert change["after"]["account"]["id"] == "(sensitive)"
