"""`specs/` planned and applied through the emulator: cleanly, under injected faults, and across a kill."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from acdplan.emulator import Emulator, seed_prerequisites
from acdplan.load import load_spec_folder
from acdplan import manager
from acdplan.state.lock import force_unlock, read_lock
from acdplan.model import build_spec
from tests.conftest import EXAMPLE_SPECS
from tests.cxone.conftest import KEY_ID, KEY_SECRET, CxoneRun


def example_data() -> dict:
    loaded = load_spec_folder(EXAMPLE_SPECS)
    assert loaded.ok, loaded.diagnostics
    return loaded.data


def plan_and_apply(run: CxoneRun, parallelism: int = 4):
    outcome = manager.apply(EXAMPLE_SPECS, run.environment, parallelism=parallelism)
    assert isinstance(outcome, manager.Applied), outcome
    assert outcome.diagnostics == []
    return outcome.plan, outcome.result


def has_changes(run: CxoneRun) -> bool:
    outcome = manager.plan(EXAMPLE_SPECS, run.environment)
    assert isinstance(outcome, manager.Planned) and outcome.ok, outcome
    return outcome.plan.has_changes


@pytest.fixture
def seeded_emulator():
    server = Emulator(seed=42, max_page_size=4)
    server.add_credentials(KEY_ID, KEY_SECRET)
    server.accept_any_credentials = False
    seed_prerequisites(server, build_spec(example_data()))
    server.start()
    yield server
    server.stop()


def test_plan_and_apply_the_example_specs_then_no_changes(tmp_path, seeded_emulator, monkeypatch):
    run = CxoneRun(tmp_path, seeded_emulator, monkeypatch)
    plan, result = plan_and_apply(run)
    assert plan.summary()["create"] > 10
    assert result.exit_code == 0, [(s.change.address, s.error) for s in result.steps if s.error]
    assert not has_changes(run)
    run.assert_tenant_equals(example_data())


def test_apply_completes_under_injected_faults_without_duplicates(tmp_path, seeded_emulator, monkeypatch):
    """30% 429s, 10% 500s, dropped connections and 200 ms of latency on every request."""
    run = CxoneRun(tmp_path, seeded_emulator, monkeypatch, {"page_size": 50})
    seeded_emulator.max_page_size = 50
    seeded_emulator.set_faults(throttle_rate=0.3, fail_rate=0.1, drop_rate=0.05, latency_ms=200)
    plan, result = plan_and_apply(run, parallelism=6)
    assert result.exit_code == 0, [(s.change.address, s.error) for s in result.steps if s.error]
    assert seeded_emulator.faults_injected > 20
    seeded_emulator.set_faults(throttle_rate=0, fail_rate=0, drop_rate=0, latency_ms=0)
    for (collection, name), count in seeded_emulator.tenant.creates.items():
        assert count == 1, (collection, name)
    assert not has_changes(run)
    run.assert_tenant_equals(example_data())


CHILD = """
import json, sys
from pathlib import Path
from acdplan.config import Environment
from acdplan import manager
settings, root, specs = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3]
print("applying", flush=True)
outcome = manager.apply(Path(specs), Environment("emu", "cxone", settings, {}, Path(root)), parallelism=2)
assert isinstance(outcome, manager.Applied), outcome
print("finished", flush=True)
"""


def test_a_kill_in_the_middle_of_an_apply_then_the_next_plan_converges(tmp_path, seeded_emulator, monkeypatch):
    run = CxoneRun(tmp_path, seeded_emulator, monkeypatch)
    fresh = manager.plan(EXAMPLE_SPECS, run.environment)
    everything = fresh.plan.summary()["create"]
    seeded_emulator.set_faults(latency_ms=25)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, json.dumps(run.settings), str(tmp_path), str(EXAMPLE_SPECS)],
        env=dict(os.environ), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while seeded_emulator.mutations < 12 and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert child.poll() is None, child.communicate()
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    killed_at = seeded_emulator.mutations
    assert 12 <= killed_at
    seeded_emulator.set_faults(latency_ms=0)
    lock_path = manager.state_store(run.environment).lock_path  # the dead run's lock stays, as Terraform's
    force_unlock(lock_path, read_lock(lock_path).id)
    plan, result = plan_and_apply(run)
    assert result.exit_code == 0, [(s.change.address, s.error) for s in result.steps if s.error]
    assert plan.summary()["create"] < everything  # what the killed apply did is not done again
    assert not has_changes(run)
    for (collection, name), count in seeded_emulator.tenant.creates.items():
        assert count == 1, (collection, name)
    run.assert_tenant_equals(example_data())
