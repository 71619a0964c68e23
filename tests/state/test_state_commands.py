"""`acdplan state ...` and `acdplan import`, end to end on both backends, and `state migrate`."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from acdplan.cli import main
from tests.state.projects import Clone

SKILL = "skill.IGD_Ventes_FR"


@pytest.fixture(params=["local", "postgres"])
def project(request, tmp_path, monkeypatch):
    """An applied project whose state lives in the backend under test."""
    if request.param == "postgres":
        dsn = request.getfixturevalue("pg_dsn")
        clone = Clone(tmp_path / "p", tmp_path / "sandbox.json", "postgres", request.getfixturevalue("pg_schema"), dsn)
    else:
        clone = Clone(tmp_path / "p", tmp_path / "sandbox.json", "local", None, None)
    monkeypatch.chdir(clone.folder)
    assert acdplan("apply", "--auto-approve").exit_code == 0
    return clone


def acdplan(*args: str):
    result = CliRunner().invoke(main, [*args, "-e", "production"], catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def pending(*extra: str) -> str:
    return acdplan("plan", "--no-color", *extra).output


def test_list_and_show(project):
    listed = acdplan("state", "list")
    assert listed.exit_code == 0
    addresses = listed.stdout.splitlines()
    assert SKILL in addresses and len(addresses) == 22 and addresses == sorted(addresses)
    shown = acdplan("state", "show", SKILL)
    body = json.loads(shown.stdout)
    assert body["address"] == SKILL and body["id"].startswith("skill-") and body["document"]["campaign"] == "Social"
    missing = acdplan("state", "show", "skill.Nope")
    assert missing.exit_code == 1 and "not in the state" in missing.stderr


def test_rm_forgets_without_touching_the_tenant_and_import_adopts_it_again(project):
    tenant_id = json.loads(acdplan("state", "show", SKILL).stdout)["id"]
    assert acdplan("state", "rm", SKILL).exit_code == 0
    assert SKILL not in acdplan("state", "list").stdout.splitlines()
    assert f"IM001 {SKILL}" in pending()  # still in the tenant, now unmanaged: taken over only when imported
    wrong = acdplan("import", SKILL, "skill-999999")
    assert wrong.exit_code == 1 and "no object with id" in wrong.stderr
    imported = acdplan("import", SKILL, tenant_id)
    assert imported.exit_code == 0, imported.output
    assert "No changes" in pending()
    again = acdplan("import", SKILL, tenant_id)
    assert again.exit_code == 1 and "already in the state" in again.stderr


def test_mv_moves_the_record(project):
    before = json.loads(acdplan("state", "show", SKILL).stdout)
    assert acdplan("state", "mv", SKILL, "skill.Renamed").exit_code == 0
    moved = json.loads(acdplan("state", "show", "skill.Renamed").stdout)
    assert moved["id"] == before["id"] and moved["document"] == before["document"]
    assert acdplan("state", "mv", SKILL, "channel.X").exit_code == 1  # another kind
    assert acdplan("state", "mv", "skill.Renamed", SKILL).exit_code == 0
    assert "No changes" in pending()


def test_pull_and_push_check_the_serial(project, tmp_path):
    pulled = json.loads(acdplan("state", "pull").stdout)
    assert pulled["serial"] > 0 and pulled["lineage"]
    del pulled["resources"][SKILL]
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(pulled))
    pushed = acdplan("state", "push", str(edited))
    assert pushed.exit_code == 0, pushed.output
    current = json.loads(acdplan("state", "pull").stdout)
    assert current["serial"] == pulled["serial"] + 1 and current["lineage"] == pulled["lineage"]
    assert SKILL not in current["resources"]
    stale = acdplan("state", "push", str(edited))  # pulled at an older serial
    assert stale.exit_code == 1 and "pull again" in stale.stderr
    other = dict(current, lineage="another-lineage")
    edited.write_text(json.dumps(other))
    assert acdplan("state", "push", str(edited)).exit_code == 1
    restored = json.loads(acdplan("state", "pull", "--serial", str(pulled["serial"])).stdout)
    assert SKILL in restored["resources"]  # an earlier version, rebuilt from the history
    edited.write_text(json.dumps(restored))
    assert acdplan("state", "push", "--force", str(edited)).exit_code == 0
    assert "No changes" in pending()
    broken = tmp_path / "broken.json"
    broken.write_text('{"serial": "x"')
    refused = acdplan("state", "push", str(broken))
    assert refused.exit_code == 1 and "broken.json:1:" in refused.stderr and "ST001" in refused.stderr


def test_a_rollback_keeps_the_lineage_and_pushes_without_force(project, tmp_path):
    """Issue 20 item 7: `pull --serial N` returned lineage '' (so rolling back needed --force)."""
    pulled = json.loads(acdplan("state", "pull").stdout)
    assert acdplan("state", "rm", SKILL).exit_code == 0
    restored = json.loads(acdplan("state", "pull", "--serial", str(pulled["serial"])).stdout)
    assert restored["lineage"] == pulled["lineage"]
    assert restored["restored_from"] == pulled["serial"] and restored["serial"] == pulled["serial"] + 1
    assert restored["resources"] == pulled["resources"]
    rollback = tmp_path / "rollback.json"
    rollback.write_text(json.dumps(restored))
    pushed = acdplan("state", "push", str(rollback))
    assert pushed.exit_code == 0, pushed.output
    current = json.loads(acdplan("state", "pull").stdout)
    assert current["lineage"] == pulled["lineage"] and current["serial"] == pulled["serial"] + 2
    assert SKILL in current["resources"] and "restored_from" not in current
    assert "No changes" in pending()
    stale = acdplan("state", "push", str(rollback))  # written meanwhile: the serial check still holds
    assert stale.exit_code == 1 and "pull again" in stale.stderr


def test_history_names_every_run(project):
    acdplan("state", "rm", SKILL)
    history = acdplan("state", "history").stdout.splitlines()
    assert len(history) == 2
    assert history[0].startswith("serials 1-") and ": apply by " in history[0] and ", plan " in history[0]
    assert ": state rm by " in history[1]
    versions = json.loads(acdplan("state", "history", "--json").stdout)
    assert [v["serial"] for v in versions] == list(range(1, len(versions) + 1))
    assert versions[-1]["changes"] == [f"forget {SKILL}"] and versions[-1]["who"]


def test_migrate_local_to_postgres_and_back_keeps_lineage_and_history(tmp_path, monkeypatch, pg_dsn, pg_schema):
    clone = Clone(tmp_path / "p", tmp_path / "sandbox.json", "local", None, None)
    postgres = {"backend": "postgres", "schema": pg_schema}
    monkeypatch.chdir(clone.folder)
    assert acdplan("apply", "--auto-approve").exit_code == 0
    tenant_id = json.loads(acdplan("state", "show", SKILL).stdout)["id"]
    acdplan("state", "rm", SKILL)
    before, history = acdplan("state", "pull").stdout, acdplan("state", "history", "--json").stdout
    migrated = acdplan("state", "migrate", "--to", "postgres", "--schema", pg_schema)
    assert migrated.exit_code == 0, migrated.output
    assert "lineage " + json.loads(before)["lineage"] in migrated.stdout
    clone.set_state("production", postgres)
    assert json.loads(acdplan("state", "pull").stdout) == json.loads(before)
    assert acdplan("state", "history", "--json").stdout == history
    assert f"IM001 {SKILL}" in pending()  # the plan reads the same state from PostgreSQL
    clone.set_state("production", None)
    refused = acdplan("state", "migrate", "--to", "postgres", "--schema", pg_schema)  # never over a state
    assert refused.exit_code == 1 and "already holds a state" in refused.stderr
    # work goes on in PostgreSQL, then the state comes back to the files
    clone.set_state("production", postgres)
    assert acdplan("import", SKILL, tenant_id).exit_code == 0
    in_postgres, postgres_history = acdplan("state", "pull").stdout, acdplan("state", "history").stdout
    assert len(postgres_history.splitlines()) == 3  # apply, rm, import
    for path in (clone.folder / ".acdplan" / "state").glob("production.*"):
        path.unlink()
    back = acdplan("state", "migrate", "--to", "local")
    assert back.exit_code == 0, back.output
    clone.set_state("production", None)
    assert json.loads(acdplan("state", "pull").stdout) == json.loads(in_postgres)
    assert acdplan("state", "history").stdout == postgres_history
    assert "No changes" in pending()
    # to another environment of the project file, by name
    clone.set_state("shared", {**postgres, "schema": pg_schema + "_b"})
    config = clone.folder / "acdplan.yaml"
    config.write_text(config.read_text().replace("  shared:\n", f"  shared:\n    path: {tmp_path / 'sandbox.json'}\n"))
    assert acdplan("state", "migrate", "--to", "shared").exit_code == 0
    shared = CliRunner().invoke(main, ["plan", "-e", "shared", "--detailed-exitcode"])
    assert shared.exit_code == 0, shared.output
    unknown = acdplan("state", "migrate", "--to", "nowhere")
    assert unknown.exit_code == 1 and "neither an environment" in unknown.stderr
