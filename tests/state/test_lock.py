"""The state lock: one holder at a time, the other fails naming it; force-unlock by id."""

from __future__ import annotations

import threading
import time

import pytest

from acdplan.manager import lock_for
from acdplan.state import LockHeld, StateLock, force_unlock
from tests.plan.sandbox_runner import Sandbox
from tests.plan.small_tenant import BEFORE


def test_second_holder_fails_naming_the_first(tmp_path):
    path = tmp_path / "sandbox.lock"
    with StateLock(path, "apply") as first:
        held_id = first.info.id
        with pytest.raises(LockHeld) as error:
            StateLock(path, "plan", timeout=0.2).acquire()
    assert held_id in str(error.value)
    assert "apply" in str(error.value) and "held by" in str(error.value)
    assert not path.exists()  # released


def test_waits_up_to_the_timeout_for_the_holder(tmp_path):
    path = tmp_path / "sandbox.lock"
    holder = StateLock(path, "apply")
    holder.acquire()
    threading.Timer(0.3, holder.release).start()
    started = time.monotonic()
    with StateLock(path, "apply", timeout=5):
        assert time.monotonic() - started >= 0.25


def test_two_applies_at_once_exactly_one_writes(tmp_path, sandbox_env):
    """Two applies race for one environment: one applies, the other is refused before any step."""
    sandbox = Sandbox(tmp_path / ".acdplan")
    results: dict[str, object] = {}
    barrier = threading.Barrier(2)

    def run(name: str) -> None:
        barrier.wait()
        try:
            with lock_for(sandbox_env, "apply", timeout=0):
                time.sleep(0.3)  # hold it long enough for the other to arrive
                _, result = sandbox.apply(BEFORE)
                results[name] = result.exit_code
        except LockHeld as error:
            results[name] = error

    threads = [threading.Thread(target=run, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outcomes = sorted(results.values(), key=lambda value: isinstance(value, LockHeld))
    assert outcomes[0] == 0
    assert isinstance(outcomes[1], LockHeld) and "apply" in str(outcomes[1])


def test_force_unlock_needs_the_right_id(tmp_path):
    path = tmp_path / "sandbox.lock"
    lock = StateLock(path, "apply")
    info = lock.acquire()
    with pytest.raises(LookupError):
        force_unlock(path, "not-the-id")
    assert path.exists()
    assert force_unlock(path, info.id).id == info.id
    assert not path.exists()
