"""API calls per changed object, and the no-op plan's time, through the CXone emulator.

    python -m bench.emulator_calls --size S [--size M ...] [--latency-ms 50] [--json FILE]

For each size: a fresh emulator seeded with what acdplan never creates (bench/emulator_setup.py),
one apply of the whole generated tenant with no added latency (only the calls are counted), then
a no-op plan with `--latency-ms` added to every call (timed: what a CI pipeline pays on every
push). Each apply reports the calls it made per object it changed, and the calls of the skill
creates and agent skill assignments alone (issue 9: at most one per 50 objects at L).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path


def _route(method: str, path: str) -> str:
    """A request's route with ids folded, so calls can be counted per route."""
    parts = [
        ("{id}" if part.isdigit() or part.startswith(("chan_", "queue_", "role_")) else part)
        for part in path.split("/")
    ]
    return f"{method} {'/'.join(parts)}"


def measure(size: str, latency_ms: float, log) -> dict:
    from acdplan import manager
    from acdplan.config import load_config
    from bench.emulator_setup import EmulatorProject
    from bench.generate import generate

    with tempfile.TemporaryDirectory(prefix=f"acdplan-calls-{size}-") as work:
        work_path = Path(work)
        specs = work_path / "specs"
        generate(size, specs)
        with EmulatorProject(work_path / "project", 0, specs) as project:
            emulator = project.emulator
            routes: Counter = Counter()
            original = emulator.dispatch

            def counting(method, path, query, headers, body, *host):
                routes[_route(method, path)] += 1
                return original(method, path, query, headers, body, *host)

            emulator.dispatch = counting
            environment = _environment(project, load_config)
            started = time.perf_counter()
            with manager.Session.open(environment) as session:
                # Channels were made by hand first (no public API creates them): taken over, as
                # with --import-existing.
                plan = session.plan(manager.validate(specs), manager.PlanOptions(import_existing=True))
                assert not plan.errors, f"the generated specs do not plan: {plan.errors[:3]}"
                changed = sum(1 for change in plan.changes if change.action.value != "noop")
                before_apply = emulator.requests
                result = session.apply(plan, parallelism=8)  # prepare() lets the provider batch, as apply does
            apply_s = time.perf_counter() - started
            apply_calls = emulator.requests - before_apply
            batched = sum(
                count
                for route, count in routes.items()
                if route.endswith("/skills") and route.split()[0] in ("POST", "PUT")  # skills, agent skills
            )
            log(
                f"{size}: apply exit {result.exit_code}, {changed} changes, {apply_calls} calls "
                f"({apply_calls / max(changed, 1):.2f} per changed object), {apply_s:.1f} s"
            )
            emulator.set_faults(latency_ms=latency_ms)
            routes.clear()
            at = emulator.requests
            started = time.perf_counter()
            noop = manager.plan(specs, environment)
            noop_s = time.perf_counter() - started
            noop_changes = noop.plan.changes if isinstance(noop, manager.Planned) else None
            remaining = sum(1 for c in noop_changes if c.acts and not c.manual) if noop_changes is not None else None
            manual = sum(1 for c in noop_changes if c.manual) if noop_changes is not None else None
            noop_calls = emulator.requests - at
            log(
                f"{size}: no-op plan at {latency_ms:.0f} ms a call: {noop_s:.2f} s, {noop_calls} calls, "
                f"{remaining} acting changes left, {manual} manual"
            )
            return {
                "size": size,
                "changes": changed,
                "apply_exit": result.exit_code,
                "apply_calls": apply_calls,
                "calls_per_changed_object": round(apply_calls / max(changed, 1), 3),
                "skill_and_assignment_write_calls": batched,
                "noop_plan_s": round(noop_s, 3),
                "noop_plan_calls": noop_calls,
                "latency_ms": latency_ms,
                "acting_changes_after_apply": remaining,
                "manual_changes_after_apply": manual,
                "noop_routes": dict(routes),
            }


def _environment(project, load_config):
    import os

    os.environ.update(project.env)  # the variables the project file names (URL, access key)
    return load_config(project.root).environment(project.environment)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.emulator_calls", description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", action="append", choices=("S", "M", "L"), help="size(s) to measure (default S M)")
    parser.add_argument("--latency-ms", type=float, default=50.0, help="latency per call of the no-op plan")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    results = [
        measure(size, args.latency_ms, lambda line: print(line, file=sys.stderr, flush=True))
        for size in (args.size or ["S", "M"])
    ]
    text = json.dumps(results, indent=1)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
