"""Issue 23, item 3: the PostgreSQL record of a step is one round trip, and steps finished together
in a parallel apply are committed together (group commit): still one version per step, and all of
a group or none of it (a lost compare-and-swap, a broken lock)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
import yaml

from acdplan.state import StateConflict
from acdplan.state.document import replay
from acdplan.state.fencing import LockLost
from acdplan.state.postgres import PostgresBackend
from tests.conftest import EXAMPLE_SPECS


def set_resource(address: str, tenant_id: str) -> list[dict]:
    return [{"op": "set", "path": ["resources", address], "value": {"id": tenant_id, "document": {"n": tenant_id},
                                                                      "applied_at": "now"}},
            {"op": "delete", "path": ["pending", address]}]


def test_steps_committed_together_are_one_version_each(pg_dsn, pg_schema):
    writer = PostgresBackend(pg_dsn, pg_schema, "production")
    state = writer.read()
    writer.record(state, [{"op": "set", "path": ["pending", a], "value": "plan-1"} for a in ("skill.A", "skill.B")])
    assert writer.record_steps(state, [set_resource("skill.A", "1"), set_resource("skill.B", "2"),
                                       set_resource("skill.C", "3")], "plan-1") == 4
    assert state.serial == 4 and sorted(state.resources) == ["skill.A", "skill.B", "skill.C"]
    assert state.pending == {}
    reader = PostgresBackend(pg_dsn, pg_schema, "production")
    stored = reader.read()
    assert stored.serial == 4 and stored.document["resources"] == state.document["resources"]
    assert stored.pending == {}
    versions = reader.versions()
    assert [v["serial"] for v in versions] == [1, 2, 3, 4]
    assert [v["ops"][0]["path"][1] for v in versions[1:]] == ["skill.A", "skill.B", "skill.C"]
    assert all(v["by"]["plan"] == "plan-1" for v in versions[1:])
    assert sorted(replay(versions, 3, "production")["resources"]) == ["skill.A", "skill.B"]


def test_a_group_whose_swap_is_lost_writes_nothing(pg_dsn, pg_schema):
    one, two = PostgresBackend(pg_dsn, pg_schema, "production"), PostgresBackend(pg_dsn, pg_schema, "production")
    one.record(one.read(), set_resource("skill.A", "1"))
    stale = two.read()
    one.record(one.read(), set_resource("skill.B", "2"))
    with pytest.raises(StateConflict):
        two.record_steps(stale, [set_resource("skill.C", "3"), set_resource("skill.D", "4")])
    after = PostgresBackend(pg_dsn, pg_schema, "production").read()
    assert after.serial == 2 and sorted(after.resources) == ["skill.A", "skill.B"]
    assert [v["serial"] for v in two.versions()] == [1, 2]


def test_a_group_after_the_lock_was_forced_writes_nothing(pg_dsn, pg_schema):
    holder = PostgresBackend(pg_dsn, pg_schema, "production")
    writer = PostgresBackend(pg_dsn, pg_schema, "production")
    held = holder.lock("apply", 0)
    info = held.__enter__()
    state = writer.read()
    writer.record_steps(state, [set_resource("skill.A", "1"), set_resource("skill.B", "2")])
    PostgresBackend(pg_dsn, pg_schema, "production").force_unlock(info.id)
    with pytest.raises(LockLost) as lost:
        writer.record_steps(state, [set_resource("skill.C", "3"), set_resource("skill.D", "4")])
    assert lost.value.diagnostics[0].rule == "LK002"
    after = PostgresBackend(pg_dsn, pg_schema, "production").read()
    assert after.serial == 2 and sorted(after.resources) == ["skill.A", "skill.B"]
    held.__exit__(None, None, None)


def test_a_parallel_apply_to_postgres_records_every_step_as_its_own_version(tmp_path, pg_dsn, pg_schema):
    folder = tmp_path / "p"
    shutil.copytree(EXAMPLE_SPECS, folder / "specs")
    environment = {"provider": "local", "path": str(folder / "tenant.json"),
                   "state": {"backend": "postgres", "dsn_env": "ACDPLAN_STATE_DSN", "schema": pg_schema}}
    (folder / "acdplan.yaml").write_text(yaml.safe_dump({"specs": "specs",
                                                         "environments": {"production": environment}}))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    applied = subprocess.run([sys.executable, "-m", "acdplan", "apply", "-e", "production", "--auto-approve",
                              "--parallelism", "8"], cwd=folder, env=env, capture_output=True, text=True,
                             timeout=120, check=False)
    assert applied.returncode == 0, (applied.stdout, applied.stderr)
    with psycopg.connect(pg_dsn) as connection:
        serials = [row[0] for row in connection.execute(
            f"SELECT serial FROM {pg_schema}.versions WHERE state = 'production' ORDER BY serial")]
        stored = connection.execute(f"SELECT serial FROM {pg_schema}.states WHERE name = 'production'").fetchone()
        resources = {row[0] for row in connection.execute(
            f"SELECT address FROM {pg_schema}.resources WHERE state = 'production'")}
        pending = connection.execute(f"SELECT count(*) FROM {pg_schema}.pending").fetchone()[0]
    assert serials == list(range(1, len(serials) + 1)) and stored == (len(serials),)
    assert resources and pending == 0
    assert len(serials) >= len(resources) + 2  # the intents, one version per step, the plan applied
    replan = subprocess.run([sys.executable, "-m", "acdplan", "plan", "-e", "production", "--detailed-exitcode"],
                            cwd=folder, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert replan.returncode == 0, (replan.stdout, replan.stderr)
