"""A week simulated several times over: each channel's predicted share answered in time, with
its confidence (the spread of the replications), as `acdplan capacity` and plans show it."""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import fmean, stdev

from acdplan.capacity.inputs import ChannelInputs, channel_inputs, open_periods, scenario
from acdplan.capacity.simulate import replicate
from acdplan.model import Spec
from acdplan.model.durations import minutes_text

DEFAULT_REPLICATIONS = 10  # at most: weeks are added until every interval is within PRECISION
MIN_REPLICATIONS = 3
PRECISION = 1.0  # percentage points, half the width of the 95% interval
DEFAULT_SEED = 1
# Student's t, 97.5% quantile, by degrees of freedom (a 95% interval over few replications).
_T975 = {1: 12.71, 2: 4.30, 3: 3.18, 4: 2.78, 5: 2.57, 6: 2.45, 7: 2.36, 8: 2.31, 9: 2.26, 10: 2.23, 12: 2.18,
         15: 2.13, 20: 2.09, 30: 2.04}


@dataclass(frozen=True, slots=True)
class ChannelForecast:
    channel: str
    contacts_per_week: float
    agents: int
    target_minutes: float | None
    goal_percent: float
    predicted_percent: float | None  # None: the channel has no first-response target
    margin_percent: float  # half the width of the 95% interval of predicted_percent
    abandon_percent: float
    weeks: int = 0  # replications simulated

    @property
    def below_goal(self) -> bool:
        return self.predicted_percent is not None and self.predicted_percent < self.goal_percent

    def as_json(self) -> dict:
        """The documented shape, exactly (docs/CAPACITY.md)."""
        return {"channel": self.channel, "contacts_per_week": round(self.contacts_per_week, 1), "agents": self.agents,
                "first_response_target_minutes": self.target_minutes, "goal_percent": self.goal_percent,
                "predicted_percent": None if self.predicted_percent is None else round(self.predicted_percent, 1),
                "predicted_abandon_percent": round(self.abandon_percent, 1)}


def duration_text(minutes: float | None) -> str:
    """A target in the SLA's own units (F27): 90 -> "1h 30m", 1440 -> "1d"."""
    return "no target" if minutes is None else minutes_text(round(minutes))


def t_quantile(degrees: int) -> float:
    known = [key for key in _T975 if key <= degrees]
    return _T975[max(known)] if degrees <= 30 else 1.96


def forecast(spec: Spec, names: list[str] | None = None, replications: int = DEFAULT_REPLICATIONS,
             seed: int = DEFAULT_SEED) -> list[ChannelForecast]:
    """Every channel with demand (or the named ones, with the channels sharing their agents,
    simulated together since they compete for the same people)."""
    inputs = channel_inputs(spec)
    if names is not None:
        inputs = connected(inputs, set(names))
    return forecast_inputs(inputs, open_periods(spec), replications, seed, names)


def forecast_inputs(inputs: list[ChannelInputs], periods, replications: int, seed: int,
                    names: list[str] | set[str] | None = None) -> list[ChannelForecast]:
    """Weeks are simulated until each shown channel's 95% interval is within PRECISION points (at
    least MIN_REPLICATIONS, at most `replications`): a busy channel needs few weeks, a quiet one more.
    Deterministic: the same inputs and seed stop after the same weeks."""
    if not inputs:
        return []
    shown = [number for number, item in enumerate(inputs) if names is None or item.name in names]
    within: list[list[float]] = [[] for _ in inputs]
    gone: list[list[float]] = [[] for _ in inputs]
    for count, run in enumerate(replicate(scenario(inputs, periods), seed), start=1):
        for number in shown:
            tally = run[number]
            within[number].append(100 * tally.within_target / tally.offered if tally.offered else 100.0)
            gone[number].append(100 * tally.abandoned / tally.offered if tally.offered else 0.0)
        if count >= replications or (count >= MIN_REPLICATIONS and all(
                _margin(within[number]) <= PRECISION for number in shown)):
            break
    results = []
    for number in shown:
        item = inputs[number]
        has_target = item.load.target_minutes is not None
        results.append(ChannelForecast(item.name, item.contacts_per_week, len(item.answering), item.load.target_minutes,
                                       item.goal_percent, fmean(within[number]) if has_target else None,
                                       _margin(within[number]) if has_target else 0.0, fmean(gone[number]),
                                       len(within[number])))
    return results


def _margin(values: list[float]) -> float:
    """Half the width of the 95% interval of the mean of `values` (Student's t)."""
    return t_quantile(len(values) - 1) * stdev(values) / math.sqrt(len(values)) if len(values) > 1 else 0.0


def connected(inputs: list[ChannelInputs], names: set[str]) -> list[ChannelInputs]:
    """The named channels and every channel that shares an agent with them, transitively."""
    agents_of = {item.name: {username for username, _, _ in item.answering} for item in inputs}
    chosen = {name for name in names if name in agents_of}
    grew = True
    while grew:
        people = set().union(*(agents_of[name] for name in chosen)) if chosen else set()
        more = {name for name, agents in agents_of.items() if name not in chosen and agents & people}
        chosen |= more
        grew = bool(more)
    return [item for item in inputs if item.name in chosen]
