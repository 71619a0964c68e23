"""The capacity forecast's benchmark and its agreement with the closed forms.

    python -m bench.capacity [--sizes S,M,L] [--closed-forms] [--replications N]

For each size, the synthetic tenant (bench.generate) gets demand on every channel: 3 contacts
an hour for each agent who can answer it, 8 minutes each (an occupancy near 40% per agent),
patience 4 hours. It times, in this process:

    whole week    `forecast` of every channel (what `acdplan capacity` runs)
    plan          the forecast of a plan that takes the default skill from two of the agents of
                  one channel: before and after, only that channel and those sharing its agents

`--closed-forms` prints the simulation against Erlang C and Erlang A over a grid of loads
(docs/CAPACITY.md).
"""

from __future__ import annotations

import argparse
import dataclasses
import tempfile
import time
from pathlib import Path

from acdplan.capacity.erlang import erlang_a_service_level, erlang_c_service_level
from acdplan.capacity.inputs import answering_agents, channel_inputs
from acdplan.capacity.predict import forecast
from acdplan.capacity.simulate import WEEK, ChannelLoad, Pool, Scenario, simulate
from acdplan.model.values import Demand
from acdplan.plan.changes import Action, Change, Plan
from acdplan.plan.forecast import forecast_plan
from acdplan.validate import validate_path
from bench.generate import generate

GRID = [  # agents, contacts an hour, handle minutes, target minutes, patience minutes (None: never)
    (3, 20, 6, 2, None), (10, 80, 6, 1, None), (10, 80, 6, 5, None), (6, 52, 6, 2, None), (20, 150, 6, 1, None),
    (10, 80, 6, 1, 10), (10, 100, 6, 2, 5), (4, 36, 6, 3, 20),
]


def closed_forms(replications: int = 12) -> list[str]:
    lines = ["| agents | contacts/h | handle | target | patience | simulated | closed form | difference | "
             "abandoned sim / closed |", "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for agents, per_hour, handle, target, patience in GRID:
        scenario = Scenario((ChannelLoad("chat", ((0.0, float(WEEK), per_hour / 60),), handle, patience, target),),
                            (Pool(agents, 1, ((0, 1),)),), ((0.0, float(WEEK)),))
        runs = simulate(scenario, replications, seed=7)
        offered = sum(run[0].offered for run in runs)
        within = 100 * sum(run[0].within_target for run in runs) / offered
        gone = 100 * sum(run[0].abandoned for run in runs) / offered
        closed = (erlang_a_service_level(agents, per_hour / 60, handle, patience, target) if patience
                  else erlang_c_service_level(agents, per_hour / 60, handle, target))
        lines.append(f"| {agents} | {per_hour} | {handle} | {target} | {patience or '-'} | {within:.2f}% | "
                     f"{closed.within_target:.2f}% | {within - closed.within_target:+.2f} | "
                     f"{gone:.2f}% / {closed.abandoned:.2f}% |")
    return lines


def with_demand(spec):
    """Every channel with demand in proportion to the agents who can answer it."""
    for name, channel in list(spec.channels.items()):
        agents = len(answering_agents(spec, channel))
        spec.channels[name] = dataclasses.replace(channel, demand=Demand(8.0, max(1.0, 5.0 * agents), None, 240.0))
    return spec


def two_agents_fewer(spec):
    """A plan's change: two agents of the busiest channel lose its default skill."""
    busiest = max(spec.channels.values(), key=lambda channel: len(answering_agents(spec, channel)))
    removed = [agent for agent, _ in answering_agents(spec, busiest)][:2]
    changes = []
    for agent in removed:
        skills = {skill: level for skill, level in agent.skills.items() if skill != busiest.default_skill}
        spec.agents[agent.username] = dataclasses.replace(agent, skills=skills)
        before = {"application": agent.application, "digital_engagement": agent.digital_engagement,
                  "role": agent.role, "skills": dict(agent.skills)}
        changes.append(Change(address=f"agent.{agent.username}", kind="agent", name=agent.username,
                              action=Action.UPDATE, before=before, after={**before, "skills": skills}))
    return Plan("bench", "local", changes), busiest.name


def measure(size: str, replications: int) -> str:
    with tempfile.TemporaryDirectory() as folder:
        specs = generate(size, Path(folder) / "specs")
        spec = with_demand(validate_path(specs).spec)
        inputs = channel_inputs(spec)
        contacts = sum(item.contacts_per_week for item in inputs)
        start = time.perf_counter()
        rows = forecast(spec, replications=replications)
        whole = time.perf_counter() - start
        plan, channel = two_agents_fewer(spec)
        start = time.perf_counter()
        forecast_plan(plan, spec, replications=replications)
        planned = time.perf_counter() - start
        moved = next(row for row in plan.capacity if row["channel"] == channel)
        return (f"| {size} | {len(inputs):,} | {contacts:,.0f} | {max(row.weeks for row in rows)} | {whole:.1f} s | "
                f"{len(plan.capacity)} | {planned:.2f} s | {moved['before']['predicted_percent']}% -> "
                f"{moved['after']['predicted_percent']}% |")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.capacity", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="S,M,L")
    parser.add_argument("--replications", type=int, default=10)
    parser.add_argument("--closed-forms", action="store_true")
    args = parser.parse_args(argv)
    if args.closed_forms:
        print("\n".join(closed_forms()))
        return
    print("| size | channels | contacts/week | weeks | whole week, every channel | channels in the plan's forecast | "
          "plan forecast (before + after) | busiest channel, two agents fewer |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for size in args.sizes.split(","):
        print(measure(size, args.replications), flush=True)


if __name__ == "__main__":
    main()
