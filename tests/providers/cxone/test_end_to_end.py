"""`specs/` planned and applied through the emulator: manual steps, then convergence; under injected
faults; across a kill. Exactly what `acdplan apply` does: plan, preflight, apply."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from acdplan import manager
from acdplan.emulator import Emulator, perform_manual_steps, seed_prerequisites
from acdplan.load import load_spec_folder
from acdplan.model import build_spec
from acdplan.state.lock import force_unlock, read_lock
from tests.conftest import EXAMPLE_SPECS
from tests.providers.cxone.conftest import KEY_ID, KEY_SECRET, CxoneRun


def example_spec():
    loaded = load_spec_folder(EXAMPLE_SPECS)
    assert loaded.ok, loaded.diagnostics
    return build_spec(loaded.data)


# Channels a person made before acdplan ever planned them are taken over explicitly (as
# `--import-existing` does); channels made for a manual step of an apply are taken over by themselves.
ADOPT = manager.PlanOptions(import_existing=True)


def plan_and_apply(run: CxoneRun, parallelism: int = 4, options: manager.PlanOptions = manager.PlanOptions()):
    outcome = manager.apply(EXAMPLE_SPECS, run.environment, parallelism=parallelism, options=options)
    assert isinstance(outcome, manager.Applied), [(d.rule, d.message) for d in getattr(outcome, "plan", outcome).diagnostics]
    assert not [d for d in outcome.diagnostics if d.is_error], outcome.diagnostics
    return outcome.plan, outcome.result


def left_to_do(run: CxoneRun) -> tuple[list, list]:
    """(changes the API would still make, manual changes) of a fresh plan."""
    outcome = manager.plan(EXAMPLE_SPECS, run.environment)
    assert isinstance(outcome, manager.Planned) and outcome.ok, [(d.rule, d.message) for d in outcome.plan.errors]
    changes = outcome.plan.changes
    return (
        [c.address for c in changes if c.acts and not c.manual],
        [c.address for c in changes if c.manual],
    )


@pytest.fixture
def seeded_emulator():
    server = Emulator(seed=42, max_page_size=4)
    server.add_credentials(KEY_ID, KEY_SECRET)
    server.accept_any_credentials = False
    seed_prerequisites(server, example_spec())
    server.start()
    yield server
    server.stop()


def test_plan_apply_manual_steps_exit_3_then_the_next_plans_converge(tmp_path, seeded_emulator, monkeypatch):
    run = CxoneRun(tmp_path, seeded_emulator, monkeypatch)
    plan, result = plan_and_apply(run)
    assert plan.summary()["create"] > 10
    assert result.exit_code == 3, [(s.change.address, s.error) for s in result.steps if s.status.value == "failed"]
    statuses = {s.change.address: s.status.value for s in result.steps}
    assert {a for a, s in statuses.items() if s == "manual"} >= {"tenant.settings", "channel.Instagram Direct FR"}
    assert not [a for a, s in statuses.items() if s == "failed"]
    assert all(s == "done" for a, s in statuses.items() if a.startswith(("skill.", "agent."))), [(a, s) for a, s in statuses.items() if s != "done"]
    acting, manual = left_to_do(run)
    assert acting == []  # everything the API can do is done
    perform_manual_steps(seeded_emulator, example_spec())  # a person creates the channels
    plan, result = plan_and_apply(run)
    assert result.exit_code == 3  # what no public API reads (SLA, routing, defaults) stays a manual step
    acting, manual = left_to_do(run)
    assert acting == [] and manual and all(a.split(".")[0] in ("tenant", "skill", "channel", "agent", "role") for a in manual)
    assert seeded_emulator.tenant.duplicates() == {}


def test_apply_completes_under_injected_faults_without_duplicates(tmp_path, seeded_emulator, monkeypatch):
    """30% 429s, 10% 500s, dropped connections and 100 ms of latency on every request."""
    perform_manual_steps(seeded_emulator, example_spec())
    run = CxoneRun(tmp_path, seeded_emulator, monkeypatch, {"page_size": 50})
    seeded_emulator.max_page_size = 50
    seeded_emulator.set_faults(throttle_rate=0.3, fail_rate=0.1, drop_rate=0.05, latency_ms=100)
    plan, result = plan_and_apply(run, parallelism=6, options=ADOPT)
    assert not [s.error for s in result.steps if s.status.value == "failed"]
    assert seeded_emulator.faults_injected > 10
    seeded_emulator.set_faults(throttle_rate=0, fail_rate=0, drop_rate=0, latency_ms=0)
    for (collection, name), count in seeded_emulator.tenant.creates.items():
        assert count == 1, (collection, name)
    assert left_to_do(run)[0] == []


CHILD = """
import json, sys
from pathlib import Path
from acdplan.config import Environment
from acdplan import manager
settings, root, specs = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3]
print("applying", flush=True)
outcome = manager.apply(Path(specs), Environment("emu", "cxone", settings, {}, Path(root)), parallelism=1,
                        options=manager.PlanOptions(import_existing=True))
assert isinstance(outcome, manager.Applied), outcome
print("finished", flush=True)
"""


def test_a_kill_in_the_middle_of_an_apply_then_the_next_plan_converges(tmp_path, seeded_emulator, monkeypatch):
    perform_manual_steps(seeded_emulator, example_spec())
    run = CxoneRun(tmp_path, seeded_emulator, monkeypatch)
    seeded_emulator.set_faults(latency_ms=40)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, json.dumps(run.settings), str(tmp_path), str(EXAMPLE_SPECS)],
        env=dict(os.environ),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while seeded_emulator.mutations < 3 and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert child.poll() is None, child.communicate()
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert seeded_emulator.mutations >= 3
    seeded_emulator.set_faults(latency_ms=0)
    lock_path = manager.state_store(run.environment).lock_path  # the dead run's lock stays, as Terraform's
    force_unlock(lock_path, read_lock(lock_path).id)
    plan, result = plan_and_apply(run, options=ADOPT)
    assert not [(s.change.address, s.error) for s in result.steps if s.status.value == "failed"]
    for (collection, name), count in seeded_emulator.tenant.creates.items():
        assert count == 1, (collection, name)
    assert left_to_do(run)[0] == []
