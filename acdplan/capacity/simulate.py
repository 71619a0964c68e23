"""The discrete-event simulation of a week of digital contacts, on SimPy (docs/CAPACITY.md).

Contacts arrive at each channel as a Poisson stream whose rate follows the channel's demand
hour by hour; a contact goes to the most proficient agent able to answer it who has a free
conversation, else waits (first come, first served); an agent who frees a conversation takes
the longest-waiting contact among the channels it answers. Agents work during the tenant's
working hours only; the SLA clock counts working time (F28), so a contact that arrives at night
starts counting at the opening. A contact whose patience runs out first gives up.

Agents are grouped into pools of interchangeable agents (the same channels at the same
proficiencies and concurrency): 20,000 users make a few hundred pools, and a pool is one
counter of free conversations, not 20,000 objects.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate, islice, pairwise

WEEK = 7 * 24 * 60  # minutes
WARM_UP = 24 * 60  # the day before the measured week, so it starts with the queues it would have


@dataclass(frozen=True, slots=True)
class ChannelLoad:
    """One channel's contacts: `segments` are (start, end, contacts per minute) over the week's
    minutes, Monday 00:00 = 0, in the tenant's wall clock."""

    name: str
    segments: tuple[tuple[float, float, float], ...]
    handle_minutes: float
    patience_minutes: float | None
    target_minutes: float | None


@dataclass(frozen=True, slots=True)
class Pool:
    """`agents` interchangeable agents, `slots` conversations each, answering channels (by index)
    at a proficiency (1 is the best)."""

    agents: int
    slots: int
    proficiency: tuple[tuple[int, int], ...]  # (channel index, proficiency)


@dataclass(frozen=True, slots=True)
class Scenario:
    channels: tuple[ChannelLoad, ...]
    pools: tuple[Pool, ...]
    open_periods: tuple[tuple[float, float], ...]  # of the week, sorted; (0, WEEK) when always open


@dataclass(slots=True)
class Tally:
    """One replication's count for one channel (contacts that arrived in the measured week)."""

    offered: int = 0
    within_target: int = 0
    abandoned: int = 0


class _Week:
    """Working time: minutes of open time before an instant (the SLA counts only those)."""

    def __init__(self, periods: tuple[tuple[float, float], ...]):
        self.starts = [start for start, _ in periods]
        self.periods = periods
        self.before = list(accumulate((end - start for start, end in periods), initial=0.0))
        self.per_week = self.before[-1]

    def open_minutes_before(self, t: float) -> float:
        weeks, minute = divmod(t, WEEK)
        index = bisect_right(self.starts, minute) - 1
        within = 0.0
        if index >= 0:
            start, end = self.periods[index]
            within = self.before[index] + min(minute, end) - start
        return weeks * self.per_week + within


class _Run:
    """One replication: the event engine's callbacks over shared counters."""

    def __init__(self, scenario: Scenario, rng: random.Random):
        import simpy  # here, not at the top: every plan imports this module, few simulate (12 ms of start-up)

        self.scenario = scenario
        self.rng = rng
        self.env = simpy.Environment()
        self.week = _Week(scenario.open_periods)
        self.always_open = scenario.open_periods == ((0.0, float(WEEK)),)
        self.free = [pool.agents * pool.slots for pool in scenario.pools]
        self.queues: list[deque] = [deque() for _ in scenario.channels]
        # For each channel, the pools that answer it, best proficiency first.
        self.answering = [[index for _, index in sorted((level, index) for index, pool in enumerate(scenario.pools)
                                                          for channel, level in pool.proficiency if channel == number)]
                          for number in range(len(scenario.channels))]
        self.served_channels = [tuple(channel for channel, _ in pool.proficiency) for pool in scenario.pools]
        self.tallies = [Tally() for _ in scenario.channels]
        self.open = False
        self.pending = 0  # measured contacts not yet answered nor gone
        self.arrivals_over = False
        self.finished = self.env.event()
        self.arrivals = _Stream(scenario.channels).arrivals(rng, -WARM_UP)

    # --- time -------------------------------------------------------------------------------
    def run(self, drain_limit: float) -> list[Tally]:
        env = self.env
        self._schedule_periods(WARM_UP + WEEK + drain_limit)
        self._next_arrival(0.0)
        env.run(until=env.any_of([self.finished, env.timeout(WARM_UP + WEEK + drain_limit)]))
        return self.tallies

    def _schedule_periods(self, horizon: float) -> None:
        env = self.env
        for weeks in range(int(horizon // WEEK) + 2):
            for start, end in self.scenario.open_periods:
                # week minute m happens at simulated time m + WARM_UP (the measured week starts then)
                begin, close = start + WARM_UP + (weeks - 1) * WEEK, end + WARM_UP + (weeks - 1) * WEEK
                if close <= 0 or begin > horizon:
                    continue
                env.timeout(max(begin, 0.0)).callbacks.append(self._opening)
                env.timeout(close).callbacks.append(self._closing)

    def _opening(self, _event) -> None:
        if self.open:
            return
        self.open = True
        for pool in sorted(range(len(self.free)), key=lambda index: min(
                (level for _, level in self.scenario.pools[index].proficiency), default=99)):
            self._dispatch(pool)

    def _closing(self, _event) -> None:
        # A period ending where the next begins (24:00 / 00:00) reopens in the same instant.
        self.open = False
        self.env.timeout(0).callbacks.append(self._reopen_if_open)

    def _reopen_if_open(self, _event) -> None:
        minute = (self.env.now - WARM_UP) % WEEK
        if any(start <= minute < end for start, end in self.scenario.open_periods):
            self._opening(_event)

    # --- contacts ---------------------------------------------------------------------------
    def _next_arrival(self, now: float) -> None:
        found = next(self.arrivals, None)
        if found is None:
            return
        at, channel = found
        at += WARM_UP
        if at >= WARM_UP + WEEK and self.pending == 0:
            self._finish()
            return
        self.env.timeout(at - now, channel).callbacks.append(self._arrive)

    def _arrive(self, event) -> None:
        channel = event._value
        env = self.env
        now = env.now
        measured = WARM_UP <= now < WARM_UP + WEEK
        contact = [now, channel, measured, 0]  # arrival, channel, measured, state (0 waiting, 1 answered, 2 gone)
        if measured:
            self.tallies[channel].offered += 1
            self.pending += 1
        self._next_arrival(now)
        if self.open:
            for pool in self.answering[channel]:
                if self.free[pool]:
                    self._start(contact, pool)
                    return
        self.queues[channel].append(contact)
        patience = self.scenario.channels[channel].patience_minutes
        if patience:
            env.timeout(self.rng.expovariate(1 / patience), contact).callbacks.append(self._give_up)

    def _start(self, contact: list, pool: int) -> None:
        self.free[pool] -= 1
        contact[3] = 1
        load = self.scenario.channels[contact[1]]
        if contact[2]:
            if load.target_minutes is not None and self._waited(contact[0]) <= load.target_minutes + 1e-9:
                self.tallies[contact[1]].within_target += 1
            self._resolved()
        self.env.timeout(self.rng.expovariate(1 / load.handle_minutes), pool).callbacks.append(self._end)

    def _waited(self, arrival: float) -> float:
        """Working minutes since `arrival` (all minutes when the tenant is always open)."""
        if self.always_open:
            return self.env.now - arrival
        week = self.week
        return week.open_minutes_before(self.env.now - WARM_UP) - week.open_minutes_before(arrival - WARM_UP)

    def _end(self, event) -> None:
        pool = event._value
        self.free[pool] += 1
        if self.open:
            self._dispatch(pool)

    def _give_up(self, event) -> None:
        contact = event._value
        if contact[3] == 0:
            contact[3] = 2
            if contact[2]:
                self.tallies[contact[1]].abandoned += 1
                self._resolved()

    def _resolved(self) -> None:
        self.pending -= 1
        if self.pending == 0 and self.env.now >= WARM_UP + WEEK:
            self._finish()

    def _finish(self) -> None:
        if not self.finished.triggered:
            self.finished.succeed()

    def _dispatch(self, pool: int) -> None:
        """The pool's free conversations take the longest-waiting contacts of its channels."""
        queues = self.queues
        while self.free[pool]:
            oldest = None
            for channel in self.served_channels[pool]:
                line = queues[channel]
                while line and line[0][3]:
                    line.popleft()  # answered elsewhere or gone
                if line and (oldest is None or line[0][0] < queues[oldest][0][0]):
                    oldest = channel
            if oldest is None:
                return
            self._start(queues[oldest].popleft(), pool)


class _Stream:
    """All channels' arrivals as one Poisson stream, its rate piecewise constant over the week:
    in each piece, exponential gaps at the piece's total rate (memoryless, so starting again at a
    piece's start is exact), each arrival given to a channel in proportion to its rate."""

    def __init__(self, channels: tuple[ChannelLoad, ...]):
        cuts = sorted({0.0, float(WEEK), *(point for load in channels for start, end, _ in load.segments
                                            for point in (start, end))})
        self.pieces: list[tuple[float, float, float, list[float], int | None]] = []
        for start, end in pairwise(cuts):
            middle = (start + end) / 2
            rates = [sum(rate for low, high, rate in load.segments if low <= middle < high) for load in channels]
            total = sum(rates)
            if total > 0:
                busy = [number for number, rate in enumerate(rates) if rate > 0]
                self.pieces.append((start, end, total, list(accumulate(rates)), busy[0] if len(busy) == 1 else None))

    def arrivals(self, rng: random.Random, since: float) -> Iterator[tuple[float, int]]:
        """(minute from the measured week's start, channel) of every arrival after `since`, for ever."""
        if not self.pieces:
            return
        gap, draw = rng.expovariate, rng.random
        week = (since // WEEK) * WEEK
        while True:
            for start, end, total, weights, only in self.pieces:
                now, stop = max(week + start, since), week + end
                while True:
                    now += gap(total)
                    if now >= stop:
                        break
                    if only is not None:
                        yield now, only
                    else:
                        yield now, min(bisect_right(weights, draw() * weights[-1]), len(weights) - 1)
            week += WEEK


def replicate(scenario: Scenario, seed: int, drain_limit: float = WEEK) -> Iterator[list[Tally]]:
    """Independent weeks, one per item (per channel, in the scenario's order). Seeded: the same
    inputs give the same counts on every machine (Python's Mersenne Twister, SimPy's event order)."""
    replication = 0
    while True:
        yield _Run(scenario, random.Random(seed * 1_000_003 + replication)).run(drain_limit)
        replication += 1


def simulate(scenario: Scenario, replications: int, seed: int, drain_limit: float = WEEK) -> list[list[Tally]]:
    """`replications` weeks: result[r][channel]."""
    return list(islice(replicate(scenario, seed, drain_limit), replications))
