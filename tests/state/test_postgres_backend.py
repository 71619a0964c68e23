"""The postgres backend's guarantees, one by one: schema on first use, compare-and-swap, the
session lock, every version kept, and no DSN secret in any message."""

from __future__ import annotations

import threading

import psycopg
import pytest
from click.testing import CliRunner

from acdplan.cli import main
from acdplan.config import Environment
from acdplan.state import LockHeld, StateConflict, StateUnusable, open_backend
from acdplan.state.document import replay
from acdplan.state.pg_schema import MIGRATIONS
from acdplan.state.postgres import PostgresBackend


def backend(dsn: str, schema: str) -> PostgresBackend:
    return PostgresBackend(dsn, schema, "production")


def set_resource(address: str, tenant_id: str) -> list[dict]:
    return [{"op": "set", "path": ["resources", address], "value": {"id": tenant_id, "document": {"x": 1},
                                                                      "applied_at": "now"}}]


def test_the_schema_is_created_once_by_runners_starting_together(pg_dsn, pg_schema):
    errors = []

    def first_use():
        try:
            backend(pg_dsn, pg_schema).read()
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=first_use) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with psycopg.connect(pg_dsn) as connection:
        versions = connection.execute(f"SELECT version FROM {pg_schema}.schema_version").fetchall()
    assert versions == [(number,) for number in range(1, len(MIGRATIONS) + 1)]


def test_two_writers_of_the_same_version_never_both_win(pg_dsn, pg_schema):
    one, two = backend(pg_dsn, pg_schema), backend(pg_dsn, pg_schema)
    one.record(one.read(), set_resource("skill.A", "1"))
    first, second = one.read(), two.read()  # both read serial 1
    assert one.record(first, set_resource("skill.B", "2"), "plan-1") == 2
    with pytest.raises(StateConflict):
        two.record(second, set_resource("skill.C", "3"), "plan-2")
    state = two.read()
    assert state.serial == 2 and sorted(state.resources) == ["skill.A", "skill.B"]  # the loser wrote nothing
    versions = two.versions()
    assert [v["serial"] for v in versions] == [1, 2] and versions[1]["by"]["plan"] == "plan-1"
    assert sorted(replay(versions, 1, "production")["resources"]) == ["skill.A"]


def test_two_first_writers_never_both_create_the_state(pg_dsn, pg_schema):
    one, two = backend(pg_dsn, pg_schema), backend(pg_dsn, pg_schema)
    first, second = one.read(), two.read()
    one.record(first, set_resource("skill.A", "1"))
    with pytest.raises(StateConflict):
        two.record(second, set_resource("skill.B", "2"))
    assert two.read().lineage == first.lineage


def test_the_lock_is_the_sessions_and_a_closed_session_frees_it(pg_dsn, pg_schema):
    holder, waiter = backend(pg_dsn, pg_schema), backend(pg_dsn, pg_schema)
    context = holder.lock("apply", 0)
    info = context.__enter__()
    with pytest.raises(LockHeld) as refused, waiter.lock("plan", 0.3):
        pass
    assert refused.value.info.id == info.id and refused.value.info.operation == "apply"
    holder.connection.close()  # as a killed runner's session ends
    with waiter.lock("apply", 5) as mine:
        assert waiter.holder().id == mine.id


def test_force_unlock_ends_the_holders_session(pg_dsn, pg_schema):
    holder, other = backend(pg_dsn, pg_schema), backend(pg_dsn, pg_schema)
    held = holder.lock("apply", 0)  # kept referenced: a collected context manager would release it
    info = held.__enter__()
    with pytest.raises(LookupError):
        other.force_unlock("not-the-id")
    assert other.force_unlock(info.id).who == info.who
    with other.lock("apply", 5):
        pass


def test_no_dsn_variable_and_an_unreachable_database_are_diagnostics_without_secrets(tmp_path, monkeypatch):
    environment = Environment("production", "local", {"state": {"backend": "postgres", "dsn_env": "MY_DSN"}}, {},
                              tmp_path)
    monkeypatch.delenv("MY_DSN", raising=False)
    with pytest.raises(StateUnusable) as missing:
        open_backend(environment)
    assert "MY_DSN" in str(missing.value) and missing.value.diagnostics[0].rule == "ST002"
    monkeypatch.setenv("MY_DSN", f"host={tmp_path} port=1 user=ci password=s3cr3t-pw dbname=x")
    with pytest.raises(StateUnusable) as unreachable:
        open_backend(environment).read()
    assert "s3cr3t-pw" not in str(unreachable.value) and "cannot be reached" in str(unreachable.value)


def test_the_project_file_form(tmp_path, monkeypatch, pg_dsn, pg_schema):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "acdplan.yaml").write_text("environments:\n  production:\n    provider: local\n    state:\n"
                                           "      backend: sqlite\n")
    result = CliRunner().invoke(main, ["state", "list", "-e", "production"])
    assert result.exit_code == 1 and "acdplan.yaml:5:" in result.stderr and "CF001" in result.stderr
    (tmp_path / "acdplan.yaml").write_text(
        "environments:\n  production:\n    provider: local\n    state:\n      backend: postgres\n"
        f"      dsn_env: ACDPLAN_STATE_DSN\n      schema: {pg_schema}\n")
    result = CliRunner().invoke(main, ["state", "list", "-e", "production"])
    assert result.exit_code == 0 and result.stdout == ""


def test_a_schema_of_an_older_version_is_migrated_on_first_use(pg_dsn, pg_schema):
    from psycopg import sql

    with psycopg.connect(pg_dsn, autocommit=True) as connection:  # a database left by the first release
        ident = sql.Identifier(pg_schema)
        connection.execute(sql.SQL("CREATE SCHEMA {}").format(ident))
        connection.execute(sql.SQL("CREATE TABLE {}.schema_version (version integer NOT NULL)").format(ident))
        connection.execute(sql.SQL(MIGRATIONS[0].replace("{schema}", "{0}")).format(ident))
        connection.execute(sql.SQL("INSERT INTO {}.schema_version VALUES (1)").format(ident))
        connection.execute(sql.SQL("INSERT INTO {}.states VALUES ('production', 'old-lineage', 4, 1, 'production')")
                           .format(ident))
    upgraded = backend(pg_dsn, pg_schema)
    state = upgraded.read()
    assert (state.lineage, state.serial, state.pending) == ("old-lineage", 4, {})
    upgraded.record(state, [{"op": "set", "path": ["pending", "skill.A"], "value": "plan-1"}])
    assert backend(pg_dsn, pg_schema).read().pending == {"skill.A": "plan-1"}
