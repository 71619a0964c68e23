"""Closed forms the simulation is held to: Erlang C (M/M/c) and Erlang A (M/M/c+M).

Sources: Erlang C's waiting probability and service level, as in Gross & Harris, *Fundamentals
of Queueing Theory*, ch. 2 (M/M/c), or Koole, *Call Center Optimization* (2013), ch. 5; Erlang A
(Palm's model with exponential patience) as a birth-death chain, Garnett, Mandelbaum & Reiman,
"Designing a call center with impatient customers", MSOM 4(3), 2002. The Erlang A service
level is computed exactly on that chain (uniformization, see `_served_by`), not approximated.
All times are in minutes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# The chain is cut where the stationary probabilities left are below this.
_TAIL = 1e-13
_MAX_STATES = 20_000


@dataclass(frozen=True, slots=True)
class Prediction:
    """Shares of all offered contacts, in percent."""

    within_target: float  # answered within the target
    abandoned: float


def erlang_c(agents: int, load: float) -> float:
    """The probability that a contact waits, with `load` = arrivals x handling time (Erlangs)."""
    if agents <= 0 or load >= agents:
        return 1.0
    if load <= 0:
        return 0.0
    blocking = 1.0  # Erlang B, by its stable recurrence B(n) = a B(n-1) / (n + a B(n-1))
    for n in range(1, agents + 1):
        blocking = load * blocking / (n + load * blocking)
    return blocking / (1 - (load / agents) * (1 - blocking))


def erlang_c_service_level(agents: int, per_minute: float, handle_minutes: float, target_minutes: float) -> Prediction:
    """P(wait <= target) = 1 - C(c, a) exp(-(c mu - lambda) t); nobody abandons."""
    rate = 1 / handle_minutes
    if agents <= 0 or per_minute >= agents * rate:
        return Prediction(0.0, 0.0)
    waits = erlang_c(agents, per_minute * handle_minutes)
    return Prediction(100 * (1 - waits * math.exp(-(agents * rate - per_minute) * target_minutes)), 0.0)


def erlang_a_service_level(agents: int, per_minute: float, handle_minutes: float, patience_minutes: float,
                           target_minutes: float) -> Prediction:
    """Answered within the target (and before giving up), and abandoned, for M/M/c+M.

    An arriving contact sees the stationary chain (PASTA). Finding k contacts waiting, it is
    answered when k+1 servings-or-abandons ahead of it are done before its own patience runs out."""
    rate, patience = 1 / handle_minutes, 1 / patience_minutes
    stationary = _stationary(agents, per_minute, rate, patience)
    waiting_ahead = [p for n, p in enumerate(stationary) if n >= agents]
    answered_at_once = sum(stationary[:agents])
    served = _served_by(agents * rate, patience, len(waiting_ahead), target_minutes)
    within = answered_at_once + sum(p * served[k] for k, p in enumerate(waiting_ahead))
    queue = sum(k * p for k, p in enumerate(waiting_ahead))
    abandoned = patience * queue / per_minute if per_minute > 0 else 0.0
    return Prediction(100 * within, 100 * abandoned)


def _stationary(agents: int, arrival: float, service: float, patience: float) -> list[float]:
    """The birth-death chain's stationary law, cut once its tail is negligible."""
    weights = [1.0]
    total = 1.0
    n = 0
    while n < _MAX_STATES:
        n += 1
        death = min(n, agents) * service + max(n - agents, 0) * patience
        weights.append(weights[-1] * arrival / death)
        total += weights[-1]
        if n > agents and weights[-1] < _TAIL * total:
            break
    return [weight / total for weight in weights]


def _served_by(servers_rate: float, patience: float, states: int, horizon: float) -> list[float]:
    """For k = 0..states-1 contacts ahead, P(reaching an agent within `horizon`, before giving up).

    The tagged contact's chain: with j ahead, one leaves the line ahead at rate c mu + j theta
    (a serving frees an agent, or someone ahead gives up); at j = 0 the next free agent takes it
    (rate c mu); it gives up itself at rate theta. Uniformization: u(t) = sum_n Poisson(n; Lt) P^n 1_served."""
    if states == 0:
        return []
    top = servers_rate + (states - 1) * patience + patience
    leave = [(servers_rate + j * patience) / top for j in range(states)]
    stay = [1 - leave[j] - patience / top for j in range(states)]
    mean = top * horizon
    values = [0.0] * states  # (P^n 1_served)_j
    result = [0.0] * states
    limit = int(mean + 12 * math.sqrt(mean) + 30)
    log_mean = math.log(mean) if mean > 0 else 0.0
    for n in range(limit + 1):
        if n:  # one step of P: from j, to j-1 (or served from 0), or stay; abandoning gives 0
            values = [leave[0] + stay[0] * values[0]] + [leave[j] * values[j - 1] + stay[j] * values[j]
                                                       for j in range(1, states)]
        weight = math.exp(-mean + n * log_mean - math.lgamma(n + 1)) if mean > 0 else float(n == 0)
        if weight:
            for j in range(states):
                result[j] += weight * values[j]
    return result
