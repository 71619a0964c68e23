"""One measured operation in a fresh process: `python -m bench.worker OP SPECS ROOT [options]`.

The runner starts one worker per measurement, so the peak resident set is this operation's
own. The worker times only the operation (the imports it needs are timed apart), and prints
one JSON line on standard output:

    {"op": ..., "import_s": ..., "op_s": ..., "rss_before_kib": ..., "peak_rss_kib": ..., "details": {...}}

Every operation, the floors included, runs with the interpreter settings of the `acdplan`
command (acdplan/runtime.py: garbage-collector thresholds), so a ratio compares work, not
settings. `peak_rss_kib` is this process's own high-water mark (VmHWM of /proc/self/status):
`ru_maxrss` would also count the runner's resident set at the moment it forked this process.

Operations (each is what the command does, minus printing):
- `floor`:    parse every spec file with PyYAML's CSafeLoader, and nothing else.
- `floor-compose`: only compose every file's node graph with the same loader (no Python objects built).
- `validate`: `acdplan validate SPECS` (project file, load, render, schema, rules).
- `plan`:     `acdplan plan SPECS` against the sandbox under ROOT (engine only: no rendering); with
  `--environment`, against that environment of ROOT/acdplan.yaml (the CXone emulator: bench/emulator_plan.py).
- `apply`:    `acdplan apply SPECS --auto-approve` into the sandbox under ROOT.
- `apply-cxone`: the same through the CXone provider, with ROOT/acdplan.yaml naming the environment,
  taking over the channels made by hand before it (as `--import-existing`).

ROOT is the project folder (the working directory of the command): with the parse cache on
(the command's default), it lives in ROOT/.acdplan/cache/; `--no-cache` runs without it.
"""

from __future__ import annotations

import time

_STARTED = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402


def _memory_kib() -> tuple[int, int]:
    """(resident now, peak resident) of this process alone, in KiB."""
    try:
        with open("/proc/self/status", "rb") as status:
            fields = dict(line.split(b":", 1) for line in status if line.startswith((b"VmRSS", b"VmHWM")))
        return int(fields[b"VmRSS"].split()[0]), int(fields[b"VmHWM"].split()[0])
    except (OSError, KeyError, ValueError):  # not Linux: the best the platform offers
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak, peak


def _spec_files(root: Path) -> list[Path]:
    suffixes = (".yaml", ".yml")
    return sorted((p for p in root.rglob("*") if p.is_file() and p.name.endswith(suffixes)),
                  key=lambda p: p.relative_to(root).as_posix())


def op_floor(specs: Path, root: Path, args) -> dict:
    import yaml

    loaded = 0
    for path in _spec_files(specs):
        with open(path, "rb") as handle:
            document = yaml.load(handle, Loader=yaml.CSafeLoader)
        loaded += len(document or ())
    return {"sections": loaded}


def op_floor_compose(specs: Path, root: Path, args) -> dict:
    import yaml

    nodes = 0
    for path in _spec_files(specs):
        with open(path, "rb") as handle:
            node = yaml.compose(handle, Loader=yaml.CSafeLoader)
        nodes += len(node.value) if node is not None else 0
    return {"sections": nodes}


def op_validate(specs: Path, root: Path, args) -> dict:
    from acdplan.config import load_config, template_variables
    from acdplan.validate import validate_path

    config = load_config(root)
    environment = config.environment(None)
    result = validate_path(specs, template_variables(environment))
    return {"diagnostics": len(result.diagnostics), "errors": len(result.errors),
            "first": [f"{d.rule} {d.message}" for d in result.diagnostics[:3]]}


def _environment(root: Path, name: str | None):
    from acdplan.config import load_config

    return load_config(root).environment(name)


def _plan(specs: Path, environment, force: bool = False):
    from acdplan import manager
    from acdplan.config import template_variables

    return manager.plan(specs, environment, template_variables(environment), options=manager.PlanOptions(force=force))


def _plan_details(made) -> dict:
    from acdplan.manager import Rejected

    if isinstance(made, Rejected):
        return {"errors": [f"{d.rule} {d.message}" for d in made.diagnostics if d.is_error][:3]}
    counts: dict[str, int] = {}
    for change in made.plan.changes:
        counts[change.action.value] = counts.get(change.action.value, 0) + 1
    return {"changes": counts, "acting": sum(1 for c in made.plan.changes if c.acts),
            "manual": sum(1 for c in made.plan.changes if c.acts and c.manual),
            "plan_errors": [f"{d.rule} {d.message}" for d in made.plan.errors[:3]]}


def op_plan(specs: Path, root: Path, args):
    made = _plan(specs, _environment(root, args.environment), args.force)
    return lambda: _plan_details(made)  # counted after the clock stops: the command's summary is output


def _apply(specs: Path, root: Path, parallelism: int, environment_name: str | None,
           import_existing: bool = False) -> dict:
    from acdplan import manager
    from acdplan.config import template_variables

    environment = _environment(root, environment_name)
    outcome = manager.apply(specs, environment, template_variables(environment), parallelism=parallelism,
                            options=manager.PlanOptions(import_existing=import_existing))
    if not isinstance(outcome, manager.Applied):
        details = _plan_details(outcome if isinstance(outcome, manager.Rejected) else manager.Planned(outcome.plan))
        if isinstance(outcome, manager.Declined) and outcome.why == "preflight":
            details["refused"] = [d.message for d in outcome.diagnostics if d.is_error]
        return details
    details = _plan_details(manager.Planned(outcome.plan))
    details["steps"] = len(outcome.result.steps)
    details["exit_code"] = outcome.result.exit_code
    statuses = [step.status.value for step in outcome.result.steps]
    details["manual"] = statuses.count("manual") + statuses.count("blocked")
    details["failed"] = [f"{s.change.address}: {s.error}" for s in outcome.result.steps
                         if s.status.value in ("failed", "not started")][:3]
    return details


def op_apply(specs: Path, root: Path, args) -> dict:
    return _apply(specs, root, args.parallelism, None)


def op_apply_cxone(specs: Path, root: Path, args) -> dict:
    # The channels no public API creates were made by hand first (bench/emulator_setup.py): the
    # apply takes them over, as `acdplan apply --import-existing` does.
    return _apply(specs, root, args.parallelism, args.environment, import_existing=True)


OPERATIONS = {
    "floor": op_floor,
    "floor-compose": op_floor_compose,
    "validate": op_validate,
    "plan": op_plan,
    "apply": op_apply,
    "apply-cxone": op_apply_cxone,
}
# What each operation imports before its clock starts (the command's own import cost).
IMPORTS = {
    "floor": ["yaml"],
    "floor-compose": ["yaml"],
    "validate": ["acdplan.cli", "acdplan.validate", "acdplan.validate.rules", "acdplan.config"],
    "plan": ["acdplan.cli", "acdplan.manager", "acdplan.validate.rules", "acdplan.providers.local"],
    "apply": ["acdplan.cli", "acdplan.manager", "acdplan.validate.rules", "acdplan.providers.local"],
    "apply-cxone": ["acdplan.cli", "acdplan.manager", "acdplan.validate.rules", "acdplan.providers.cxone"],
}


def _tune_like_the_cli() -> None:
    """What `acdplan`'s entry point does to the process before any command (GC settings)."""
    try:
        from acdplan.runtime import tune_for_batch_run
    except ImportError:
        return
    tune_for_batch_run()


def _use_cache_like_the_cli(root: Path, enabled: bool) -> None:
    """The parse cache as the command sets it: the project's `.acdplan/cache/`, unless --no-cache."""
    try:
        from acdplan.load.cache import project_cache, use_parse_cache
    except ImportError:
        return
    use_parse_cache(project_cache(root) if enabled else None)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.worker")
    parser.add_argument("op", choices=sorted(OPERATIONS))
    parser.add_argument("specs", type=Path)
    parser.add_argument("root", type=Path)
    parser.add_argument("--parallelism", type=int, default=4)
    parser.add_argument("--environment", default=None)
    parser.add_argument("--force", action="store_true", help="plan as `acdplan plan --force` (over the safety limits)")
    parser.add_argument("--no-cache", action="store_true", help="bypass the parse cache, as `acdplan --no-cache`")
    parser.add_argument("--profile", metavar="FILE", help="write a cProfile of the operation to FILE")
    args = parser.parse_args(argv)
    import contextlib
    import importlib

    # A plan of an environment (the CXone emulator's) imports its provider as the command does;
    # a sandbox plan does not (the CXone client's HTTP stack is ~7 MiB of the process).
    for module in [*IMPORTS[args.op], *(["acdplan.providers.cxone"] if args.environment else [])]:
        with contextlib.suppress(ModuleNotFoundError):
            importlib.import_module(module)
    _tune_like_the_cli()  # the floors too: the same settings on both sides of a ratio
    imported = time.perf_counter()
    args.root.mkdir(parents=True, exist_ok=True)
    os.chdir(args.root)
    if not args.op.startswith("floor"):
        _use_cache_like_the_cli(args.root.resolve(), not args.no_cache)
    rss_before, _ = _memory_kib()
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    start = time.perf_counter()
    details = OPERATIONS[args.op](args.specs.resolve(), args.root.resolve(), args)
    elapsed = time.perf_counter() - start
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(args.profile)
    if callable(details):  # what the operation made, described once it is timed
        details = details()
    record = {
        "op": args.op,
        "import_s": round(imported - _STARTED, 4),
        "op_s": round(elapsed, 4),
        "rss_before_kib": rss_before,
        "peak_rss_kib": _memory_kib()[1],
        "details": details,
    }
    sys.stdout.write(json.dumps(record) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
