"""A crash at every step of an apply, and at every stage of a state write: nothing is lost.

After each injected crash the state must parse, must not claim a step the tenant did not
get, and the next plan + apply must converge on the specs.
"""

from __future__ import annotations

import os

import pytest

from acdplan.state.journal import JournaledStore
from tests.plan.sandbox_runner import Sandbox
from tests.plan.small_tenant import AFTER, BEFORE


def _steps_of(sandbox: Sandbox) -> int:
    return len(sandbox.pending(AFTER))


def assert_state_is_true(sandbox: Sandbox, in_flight: int = 0) -> None:
    """The state never claims a step the tenant did not get.

    Every recorded object is in the tenant as recorded, except at most `in_flight` objects whose
    step the tenant accepted while the crash stopped the record (the state lags, never leads);
    those still hold what the previous apply recorded.
    """
    tenant = sandbox.tenant()
    lagging = []
    for address, body in sandbox.state_resources().items():
        kind, _, name = address.partition(".")
        if tenant.get(kind, {}).get(name) != body["document"]:
            lagging.append(address)
    assert len(lagging) <= in_flight, lagging


def assert_converges(sandbox: Sandbox) -> None:
    _, result = sandbox.apply(AFTER)
    assert result.exit_code == 0, [(s.change.address, s.error) for s in result.steps]
    assert sandbox.pending(AFTER) == []


@pytest.fixture
def prepared(tmp_path) -> Sandbox:
    sandbox = Sandbox(tmp_path)
    sandbox.apply(BEFORE)
    return sandbox


STEPS = 7  # acting steps of BEFORE -> AFTER: every one of them is a failure point below


def test_the_scenario_has_the_steps_the_failure_points_cover(prepared):
    assert _steps_of(prepared) == STEPS


@pytest.mark.parametrize("failing_step", range(STEPS))
def test_provider_failing_at_each_step(prepared, failing_step, monkeypatch):
    provider = prepared.provider()
    calls = {"n": 0}
    original = provider.apply_step

    def flaky(change):
        calls["n"] += 1
        if calls["n"] == failing_step + 1:
            from acdplan.providers.base import StepFailed
            raise StepFailed(f"injected failure at {change.address}")
        return original(change)

    provider.apply_step = flaky
    _, result = prepared.apply(AFTER, provider=provider)
    assert result.exit_code == 1
    statuses = [s.status.value for s in result.steps]
    assert statuses.count("failed") == 1
    assert_state_is_true(prepared)
    # what is left is exactly what did not get done
    done = {s.change.address for s in result.steps if s.status.value == "done"}
    left = {address for address, _ in prepared.pending(AFTER)}
    assert not (done & left)
    assert_converges(prepared)


class Crash(BaseException):
    """An injected crash: not an Exception, so nothing in the engine catches it (like a kill)."""


def _crash_journal_append(monkeypatch, at_call: int, stage: str):
    original = JournaledStore.append
    calls = {"n": 0}

    def append(self, document, operations):
        calls["n"] += 1
        if "state" not in str(self.path) or calls["n"] != at_call:
            return original(self, document, operations)
        if stage == "before-write":
            raise Crash()
        if stage == "torn-line":
            handle = self._open_journal()
            handle.write(b'{"serial": 99, "ops": [{"op": "set", "pa')
            handle.flush()
            raise Crash()
        if stage == "before-fsync":
            monkeypatch.setattr(os, "fsync", _raise_crash)
            return original(self, document, operations)
        raise AssertionError(stage)

    monkeypatch.setattr(JournaledStore, "append", append)


def _raise_crash(*_args):
    raise Crash()


@pytest.mark.parametrize("stage", ["before-write", "torn-line", "before-fsync"])
@pytest.mark.parametrize("at_call", range(1, STEPS + 1))
def test_state_write_failing_at_each_step_and_stage(prepared, monkeypatch, stage, at_call):
    provider = prepared.provider()
    provider.store.fsync = False
    _crash_journal_append(monkeypatch, at_call, stage)
    with pytest.raises(Crash):
        prepared.apply(AFTER, provider=provider)
    monkeypatch.undo()
    assert_state_is_true(prepared, in_flight=1)
    assert_converges(prepared)


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_compaction_failing_keeps_a_readable_state(prepared, monkeypatch, failing):
    """The snapshot rewrite at the end of an apply crashing at fsync or at the rename."""
    from acdplan.state import atomic

    target = {"fsync": (atomic.os, "fsync"), "replace": (atomic.os, "replace")}[failing]
    original = getattr(*target)

    def crash_for_state(*args):
        if any("state" in str(arg) for arg in args) or failing == "fsync":
            raise Crash()
        return original(*args)

    provider = prepared.provider()
    plan, provider, store, state = prepared.plan(AFTER, provider=provider)
    from acdplan.apply import apply_plan

    monkeypatch.setattr(atomic.os, target[1], crash_for_state)
    with pytest.raises(Crash):
        apply_plan(plan, provider, store, state)
    monkeypatch.undo()
    provider.store.close()
    store.close()
    assert_state_is_true(prepared)
    assert_converges(prepared)
