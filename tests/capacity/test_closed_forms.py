"""The simulation agrees with the closed forms where they hold: Erlang C (one skill, one
conversation at a time, nobody gives up) and Erlang A (with patience), over a grid of loads.

The closed forms are checked on their own first: Erlang C against published values, Erlang A
against Erlang C when patience is endless."""

from __future__ import annotations

import math

import pytest

from acdplan.capacity.erlang import erlang_a_service_level, erlang_c, erlang_c_service_level
from acdplan.capacity.simulate import WEEK, ChannelLoad, Pool, Scenario, simulate

ALWAYS = ((0.0, float(WEEK)),)


def _textbook_erlang_c(agents: int, load: float) -> float:
    """The formula as textbooks print it (a^c/c! c/(c-a) over the sum), for small cases."""
    top = load ** agents / math.factorial(agents) * agents / (agents - load)
    return top / (sum(load ** k / math.factorial(k) for k in range(agents)) + top)


def test_erlang_c_is_the_textbook_formula():
    for agents, load in ((10, 8), (2, 1), (30, 25.5), (1, 0.9)):
        assert erlang_c(agents, load) == pytest.approx(_textbook_erlang_c(agents, load), rel=1e-9)
    assert erlang_c(2, 1) == pytest.approx(1 / 3)
    assert erlang_c(1, 0.5) == pytest.approx(0.5)  # M/M/1: the utilisation
    assert erlang_c(5, 5) == 1.0  # saturated: everyone waits


def test_erlang_a_with_endless_patience_is_erlang_c():
    for agents, per_hour, target in ((10, 80, 1), (4, 30, 3), (20, 180, 0.5)):
        closed = erlang_c_service_level(agents, per_hour / 60, 6, target)
        patient = erlang_a_service_level(agents, per_hour / 60, 6, 1e9, target)
        assert patient.within_target == pytest.approx(closed.within_target, abs=1e-3)
        assert patient.abandoned < 1e-3


def test_erlang_a_abandons_more_as_patience_shrinks():
    shares = [erlang_a_service_level(10, 100 / 60, 6, patience, 2).abandoned for patience in (60, 20, 5)]
    assert shares == sorted(shares) and shares[0] > 0


def _simulated(agents: int, per_hour: float, handle: float, target: float, patience: float | None):
    scenario = Scenario((ChannelLoad("chat", ((0.0, float(WEEK), per_hour / 60),), handle, patience, target),),
                        (Pool(agents, 1, ((0, 1),)),), ALWAYS)
    runs = simulate(scenario, 12, seed=7)
    offered = sum(run[0].offered for run in runs)
    return (100 * sum(run[0].within_target for run in runs) / offered,
            100 * sum(run[0].abandoned for run in runs) / offered)


@pytest.mark.parametrize("agents, per_hour, target", [
    (3, 20, 2),     # rho 0.67, few agents
    (10, 80, 1),    # rho 0.8
    (10, 80, 5),
    (6, 52, 2),     # rho 0.87
    (20, 150, 1),   # rho 0.75, many agents
])
def test_simulation_agrees_with_erlang_c_within_two_points(agents, per_hour, target):
    within, abandoned = _simulated(agents, per_hour, 6, target, None)
    closed = erlang_c_service_level(agents, per_hour / 60, 6, target)
    assert abs(within - closed.within_target) <= 2.0, (within, closed)
    assert abandoned == 0


@pytest.mark.parametrize("agents, per_hour, target, patience", [
    (10, 80, 1, 10),
    (10, 100, 2, 5),    # overloaded without patience: Erlang A still has a steady state
    (4, 36, 3, 20),
])
def test_simulation_agrees_with_erlang_a_within_two_points(agents, per_hour, target, patience):
    within, abandoned = _simulated(agents, per_hour, 6, target, patience)
    closed = erlang_a_service_level(agents, per_hour / 60, 6, patience, target)
    assert abs(within - closed.within_target) <= 2.0, (within, closed)
    assert abs(abandoned - closed.abandoned) <= 2.0, (abandoned, closed)
