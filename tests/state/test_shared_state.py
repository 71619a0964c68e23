"""Two clones of a project sharing one state in a real PostgreSQL, as CI runners and people do.

Every command here is a real `acdplan` process: the lock, the crash and the concurrency are
what users get, not a simulation.
"""

from __future__ import annotations

import os
import signal
import time

import psycopg
import pytest

from bench.generate import generate
from tests.state.projects import Clone, assert_ok

AGENT = "lucas.bernard@maisonlumiere.fr"


@pytest.fixture
def clones(tmp_path, pg_dsn, pg_schema):
    tenant = tmp_path / "tenant" / "sandbox.json"
    return (Clone(tmp_path / "a", tenant, "postgres", pg_schema, pg_dsn),
            Clone(tmp_path / "b", tenant, "postgres", pg_schema, pg_dsn))


def test_clone_b_plans_no_changes_after_clone_a_applied(clones):
    a, b = clones
    assert_ok(a.run("apply", "--auto-approve"))
    result = b.run("plan", "--detailed-exitcode")
    assert_ok(result, 0)
    assert "No changes" in result.stdout or "0 to create, 0 to update, 0 to replace, 0 to delete" in result.stdout
    assert "to import" not in result.stdout


def test_clone_b_removing_an_object_plans_a_delete(clones):
    a, b = clones
    assert_ok(a.run("apply", "--auto-approve"))
    b.remove_from_specs("agents", AGENT)
    result = b.run("plan", "--detailed-exitcode")
    assert_ok(result, 2)
    assert f"agent.{AGENT}" in result.stdout and "1 to delete" in result.stdout
    assert_ok(b.run("apply", "--auto-approve"))
    assert_ok(a.run("plan", "--detailed-exitcode"), 2)  # A's specs still hold it: A would create it again


def test_a_stale_saved_plan_from_a_is_refused_in_b(clones, tmp_path):
    a, b = clones
    assert_ok(a.run("plan", "-o", str(tmp_path / "a.plan.json")))
    assert_ok(b.run("apply", "--auto-approve"))  # B applies first: the state moved on
    result = b.run("apply", str(tmp_path / "a.plan.json"), "--auto-approve")
    assert_ok(result, 1)
    assert "stale plan" in result.stderr
    # and a plan applied by A cannot be applied again by B
    b.remove_from_specs("agents", AGENT)
    a.remove_from_specs("agents", AGENT)  # A pulls the same commit: a saved plan applies only to its specs
    assert_ok(b.run("plan", "-o", str(tmp_path / "b.plan.json")))
    assert_ok(a.run("apply", str(tmp_path / "b.plan.json"), "--auto-approve"))
    again = b.run("apply", str(tmp_path / "b.plan.json"), "--auto-approve")
    assert_ok(again, 1)
    assert "applied already" in again.stderr


@pytest.fixture
def medium(tmp_path_factory):
    """The benchmark's M tenant (2,280 objects): an apply long enough to be caught in the middle."""
    return generate("M", tmp_path_factory.mktemp("specs-M"))


def _clones_of(specs, tmp_path, dsn, schema):
    tenant = tmp_path / "tenant" / "sandbox.json"
    return (Clone(tmp_path / "a", tenant, "postgres", schema, dsn, specs),
            Clone(tmp_path / "b", tenant, "postgres", schema, dsn, specs))


def test_a_and_b_apply_at_once_and_exactly_one_gets_the_lock(medium, tmp_path, pg_dsn, pg_schema):
    a, b = _clones_of(medium, tmp_path, pg_dsn, pg_schema)
    first, second = a.start("apply", "--auto-approve"), b.start("apply", "--auto-approve")
    outcomes = [process.finish() for process in (first, second)]
    codes = sorted(outcome.returncode for outcome in outcomes)
    assert codes == [0, 1], outcomes
    refused = next(outcome.stderr for outcome in outcomes if outcome.returncode == 1)
    assert "the state is locked" in refused and "for apply since" in refused and "held by" in refused
    assert "Traceback" not in refused
    assert_ok(b.run("plan", "--detailed-exitcode"), 0)  # applied once, wholly


def _versions(dsn: str, schema: str) -> int:
    with psycopg.connect(dsn, autocommit=True) as connection:
        exists = connection.execute("SELECT to_regclass(%s)", [f"{schema}.versions"]).fetchone()[0]
        if exists is None:
            return 0
        return connection.execute(f"SELECT count(*) FROM {schema}.versions").fetchone()[0]


def test_a_runner_killed_mid_apply_leaves_a_state_the_next_plan_converges_from(medium, tmp_path, pg_dsn, pg_schema):
    a, b = _clones_of(medium, tmp_path, pg_dsn, pg_schema)
    runner = a.start("apply", "--auto-approve")
    deadline = time.monotonic() + 120
    while _versions(pg_dsn, pg_schema) < 200:  # well into the apply: 200 steps committed
        assert runner.poll() is None, runner.finish()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    os.kill(runner.pid, signal.SIGKILL)
    runner.finish(timeout=30)
    committed = _versions(pg_dsn, pg_schema)
    assert 200 <= committed < 2_000  # stopped in the middle
    # The dead runner's session ended, so its advisory lock is gone: no force-unlock needed.
    plan = b.run("plan", "--detailed-exitcode", "--no-color")
    assert_ok(plan, 2)
    assert "to create" in plan.stdout and "to delete" in plan.stdout.split("Plan:")[-1]
    assert " 0 to delete" in plan.stdout  # nothing recorded is lost, so nothing is planned away
    assert_ok(b.run("apply", "--auto-approve", "--lock-timeout", "0"))
    assert_ok(a.run("plan", "--detailed-exitcode"), 0)


def test_a_waiting_runner_is_told_who_holds_the_lock(clones, pg_dsn, pg_schema):
    from acdplan.state.postgres import PostgresBackend

    _, b = clones
    holder = PostgresBackend(pg_dsn, pg_schema, "production")
    with holder.lock("apply", 0):
        refused = b.run("apply", "--auto-approve")
        assert_ok(refused, 1)
        assert "held by" in refused.stderr and "for apply since" in refused.stderr
        waiting = b.start("apply", "--auto-approve", "--lock-timeout", "60")
        deadline = time.monotonic() + 50
        while "waiting up to 60 s for the state lock" not in (b.folder / "err.txt").read_text():
            assert waiting.poll() is None and time.monotonic() < deadline, waiting.finish()
            time.sleep(0.05)
        time.sleep(0.5)
        assert waiting.poll() is None  # still waiting for the lock, told who holds it
    holder.close()
    done = waiting.finish(timeout=60)
    assert done.returncode == 0, done.stderr
    assert "for apply since" in done.stderr.split("waiting up to 60 s")[1].splitlines()[0]


def test_force_unlock_frees_a_lock_whose_holder_hangs(clones, pg_dsn, pg_schema):
    from acdplan.state.postgres import PostgresBackend

    _, b = clones
    hung = PostgresBackend(pg_dsn, pg_schema, "production")
    held = hung.lock("apply", 0)
    info = held.__enter__()
    assert_ok(b.run("force-unlock", "wrong-id"), 1)
    unlocked = b.run("force-unlock", info.id)
    assert_ok(unlocked)
    assert "was held by" in unlocked.stdout
    assert_ok(b.run("apply", "--auto-approve"))


def test_local_state_after_a_sigkill_mid_apply(medium, tmp_path):
    """The same crash with the local files: the lock file stays, but its process is gone from this
    host, so the next run takes it over and names it (issue 20); the journal keeps every step
    recorded, and the history shows the interrupted run's versions."""
    clone = Clone(tmp_path / "a", tmp_path / "tenant" / "sandbox.json", "local", None, None, medium)
    journal = clone.folder / ".acdplan" / "state" / "production.json.journal"
    runner = clone.start("apply", "--auto-approve")
    deadline = time.monotonic() + 120
    while not journal.exists() or journal.read_bytes().count(b"\n") < 200:
        assert runner.poll() is None, runner.finish()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    os.kill(runner.pid, signal.SIGKILL)
    runner.finish(timeout=30)
    history = clone.run("state", "history")
    assert_ok(history)
    assert history.stdout.startswith("serials 1-") and ": apply by " in history.stdout
    resumed = clone.run("apply", "--auto-approve")
    assert_ok(resumed)
    assert "took over the state lock" in resumed.stderr and f"(pid {runner.pid})" in resumed.stderr
    assert_ok(clone.run("plan", "--detailed-exitcode"), 0)
