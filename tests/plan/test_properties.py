"""Properties of plan and apply over generated specs: convergence and idempotence."""

from __future__ import annotations

import tempfile

from hypothesis import HealthCheck, given, settings

from tests.plan.sandbox_runner import Sandbox
from tests.plan.spec_strategies import specs

PROPERTY_SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(specs())
def test_plan_of_applied_spec_is_empty(a):
    with tempfile.TemporaryDirectory() as folder:
        sandbox = Sandbox(folder)
        _, result = sandbox.apply(a)
        assert result.exit_code == 0
        assert sandbox.pending(a) == []


@PROPERTY_SETTINGS
@given(specs(), specs())
def test_applying_plan_a_to_b_converges_on_b(a, b):
    with tempfile.TemporaryDirectory() as folder:
        sandbox = Sandbox(folder)
        sandbox.apply(a)
        _, result = sandbox.apply(b, parallelism=3)
        assert result.exit_code == 0, [(s.change.address, s.status, s.error) for s in result.steps]
        assert sandbox.pending(b) == []


@PROPERTY_SETTINGS
@given(specs(), specs())
def test_applying_twice_changes_nothing(a, b):
    with tempfile.TemporaryDirectory() as folder:
        sandbox = Sandbox(folder)
        sandbox.apply(a)
        sandbox.apply(b)
        tenant, state = sandbox.tenant(), sandbox.state_resources()
        plan, result = sandbox.apply(b)
        assert not plan.has_changes
        assert result.steps == []
        assert sandbox.tenant() == tenant
        assert sandbox.state_resources() == state
