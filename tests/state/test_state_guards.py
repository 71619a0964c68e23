"""Issue 20 item 7, the state's part: a PostgreSQL row whose document is not an object is ST001
as in a local file; a state or schema written by a newer acdplan is an error, never used as if
this acdplan had written it."""

from __future__ import annotations

import json

import psycopg
import pytest

from acdplan.state.pg_schema import MIGRATIONS
from tests.state.projects import Clone


@pytest.fixture
def postgres_clone(tmp_path, pg_dsn, pg_schema):
    clone = Clone(tmp_path / "p", tmp_path / "sandbox.json", "postgres", pg_schema, pg_dsn)
    applied = clone.run("apply", "--auto-approve")
    assert applied.returncode == 0, applied.stderr
    return clone


@pytest.mark.parametrize("document", ["[1, 2]", '"text"', "7", "null"])
def test_a_postgres_row_whose_document_is_not_an_object_is_st001(postgres_clone, pg_dsn, pg_schema, document):
    with psycopg.connect(pg_dsn, autocommit=True) as connection:
        connection.execute(f"UPDATE {pg_schema}.resources SET document = %s::jsonb "
                           "WHERE address = 'skill.IGD_Ventes_FR'", [document])
    for args in (("plan",), ("apply", "--auto-approve"), ("state", "list")):
        result = postgres_clone.run(*args)
        assert result.returncode == 1, (args, result.stdout)
        assert "ST001" in result.stderr and "resources.skill.IGD_Ventes_FR" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr


def test_a_schema_of_a_newer_acdplan_is_refused_and_left_alone(postgres_clone, pg_dsn, pg_schema):
    newer = len(MIGRATIONS) + 1
    with psycopg.connect(pg_dsn, autocommit=True) as connection:
        connection.execute(f"INSERT INTO {pg_schema}.schema_version (version) VALUES (%s)", [newer])
    result = postgres_clone.run("plan")
    assert result.returncode == 1
    assert "ST002" in result.stderr and f"schema_version {newer}" in result.stderr
    assert "newer acdplan" in result.stderr and "Traceback" not in result.stderr
    with psycopg.connect(pg_dsn) as connection:
        versions = connection.execute(f"SELECT max(version) FROM {pg_schema}.schema_version").fetchone()
    assert versions == (newer,)


def test_a_local_state_of_a_newer_format_is_refused(tmp_path):
    clone = Clone(tmp_path / "p", tmp_path / "sandbox.json", "local", None, None)
    assert clone.run("apply", "--auto-approve").returncode == 0
    state = clone.folder / ".acdplan" / "state" / "production.json"
    document = json.loads(state.read_text())
    document["format_version"] = 2
    state.write_text(json.dumps(document))
    result = clone.run("plan")
    assert result.returncode == 1
    assert "ST001" in result.stderr and "`format_version` 2 was written by a newer acdplan" in result.stderr


def test_state_pull_writes_no_raw_control_or_bidi_character(tmp_path):
    """Names in the state come from the tenant too: `state pull` writes them as JSON escapes
    (the data read back is the same), never raw (issue 20 item 7: names escaped in every output)."""
    clone = Clone(tmp_path / "p", tmp_path / "sandbox.json", "local", None, None)
    assert clone.run("apply", "--auto-approve").returncode == 0
    hostile = "skill.IGD_Ventes_FR\u202e\x85x"
    assert clone.run("state", "mv", "skill.IGD_Ventes_FR", hostile).returncode == 0
    pulled = clone.run("state", "pull")
    assert pulled.returncode == 0
    assert all(c == "\n" or c.isprintable() for c in pulled.stdout)
    assert hostile in json.loads(pulled.stdout)["resources"]
