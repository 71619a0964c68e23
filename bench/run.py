"""The benchmark: every operation timed against its floor, side by side, in one run.

    python -m bench.run [--sizes S,M,L] [--repeat N] [--out bench-results/results.json]

For each size it generates a synthetic tenant (bench.generate) in a temporary folder, then
measures, round after round in the same order, each operation in a fresh `bench.worker`
process (so the peak resident set is that operation's own):

    floor      PyYAML's CSafeLoader on the same files, and nothing else
    validate   `acdplan validate`                      ratio to the floor
    apply      `acdplan apply` of the whole tenant into an empty sandbox (a fresh folder each round)
    plan       `acdplan plan`, no change, against the sandbox the first apply filled   ratio to validate
    plan-10%   `acdplan plan` with 10% of skills, channels and agents changed          ratio to validate

Times are the median of N rounds (default 5 for S and M, 3 for L), measured inside the worker
around the operation only; interpreter start-up and imports are reported apart. When the CXone
provider and its emulator exist, apply also runs through the emulator with 50 ms added per
call at --parallelism 1 and 8 (at the size given by --emulator-size), and the speed-up is shown.

It prints a table and writes the figures as JSON. No figure is asserted: the targets of the
issue are evaluated and printed as met / not met.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.generate import SIZES, generate

REPO = Path(__file__).resolve().parents[1]
DEFAULT_REPEAT = {"S": 5, "M": 5, "L": 3}
WORKER_TIMEOUT = 900
ROUND_ORDER = ("floor", "validate", "apply", "plan", "plan-10%")
TARGETS = {  # (measure, limit, what) at the L size
    "validate / floor": 3.0,
    "no-op plan / validate": 1.3,
    "peak RSS / spec bytes": 10.0,
    "emulator apply speed-up p8 vs p1": 6.0,
}
MIB = 1024 * 1024


def run_worker(op: str, specs: Path, root: Path, *extra: str, env: dict | None = None) -> dict:
    """One measurement in a fresh process; adds the wall time the parent saw."""
    command = [sys.executable, "-m", "bench.worker", op, str(specs), str(root), *extra]
    environment = dict(os.environ, **(env or {}))
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), environment.get("PYTHONPATH")]))
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=REPO, env=environment, capture_output=True, text=True,
                               timeout=WORKER_TIMEOUT)
    wall = time.perf_counter() - started
    if completed.returncode != 0:
        raise RuntimeError(f"worker {op} failed ({completed.returncode}):\n{completed.stderr[-4000:]}")
    record = json.loads(completed.stdout.strip().splitlines()[-1])
    record["wall_s"] = round(wall, 4)
    record["startup_s"] = round(wall - record["op_s"], 4)  # interpreter start, imports, exit
    return record


def summarise(runs: list[dict]) -> dict:
    return {
        "median_s": statistics.median(r["op_s"] for r in runs),
        "min_s": min(r["op_s"] for r in runs),
        "max_s": max(r["op_s"] for r in runs),
        "startup_median_s": statistics.median(r["startup_s"] for r in runs),
        "import_median_s": statistics.median(r["import_s"] for r in runs),
        "peak_rss_bytes": int(statistics.median(r["peak_rss_kib"] for r in runs) * 1024),
        "op_rss_bytes": int(statistics.median(r["peak_rss_kib"] - r["rss_before_kib"] for r in runs) * 1024),
        "runs": runs,
    }


def spec_stats(specs: Path) -> dict:
    files = sorted(p for p in specs.rglob("*.yaml"))
    return {"files": len(files), "bytes": sum(p.stat().st_size for p in files)}


def check(record: dict, op: str) -> None:
    """Stop at once if the benchmark measures something else than intended (invalid specs, a failed apply)."""
    details = record["details"]
    if op == "validate" and details["diagnostics"]:
        raise RuntimeError(f"generated specs are not clean: {details}")
    if op.startswith("plan") or op.startswith("apply"):
        if "changes" not in details or details.get("plan_errors"):
            raise RuntimeError(f"{op} made no plan: {details}")
    if op == "plan" and details["acting"]:
        raise RuntimeError(f"the no-op plan has changes: {details['changes']}")
    if op.startswith("apply") and details.get("exit_code") != 0:
        raise RuntimeError(f"{op} did not complete: {details}")


def measure_size(size: str, workdir: Path, repeat: int, apply_parallelism: int, log) -> dict:
    folder = workdir / size
    specs, specs10 = folder / "specs", folder / "specs-10pct"
    started = time.perf_counter()
    generate(size, specs)
    generate(size, specs10, mutate=0.1)
    generated = time.perf_counter() - started
    stats = spec_stats(specs)
    counts = SIZES[size]
    log(f"{size}: {stats['files']} files, {stats['bytes']:,} bytes ({counts.skills} skills, {counts.channels} "
        f"channels, {counts.roles} roles, {counts.agents} agents), generated in {generated:.1f}s")
    sandbox = folder / "sandbox-root"  # filled by the first round's apply, then planned against
    runs: dict[str, list[dict]] = {op: [] for op in ROUND_ORDER}
    for round_number in range(repeat):
        for op in ROUND_ORDER:
            if op == "floor" or op == "validate":
                record = run_worker(op, specs, folder)
            elif op == "apply":
                root = sandbox if round_number == 0 else folder / f"apply-{round_number}"
                root.mkdir(parents=True, exist_ok=True)
                record = run_worker("apply", specs, root, "--parallelism", str(apply_parallelism))
                if root != sandbox:
                    shutil.rmtree(root)
            else:
                record = run_worker("plan", specs10 if op == "plan-10%" else specs, sandbox)
            check(record, op)
            runs[op].append(record)
            log(f"  {size} round {round_number + 1}/{repeat} {op:9} {record['op_s']:8.3f}s "
                f"(start-up {record['startup_s']:.2f}s, peak {record['peak_rss_kib'] / 1024:.0f} MiB)")
    ops = {op: summarise(op_runs) for op, op_runs in runs.items()}
    floor, validate = ops["floor"]["median_s"], ops["validate"]["median_s"]
    ops["floor"]["ratio"] = None
    ops["validate"]["ratio"] = {"to": "floor", "value": validate / floor}
    ops["plan"]["ratio"] = {"to": "validate", "value": ops["plan"]["median_s"] / validate}
    ops["plan-10%"]["ratio"] = {"to": "validate", "value": ops["plan-10%"]["median_s"] / validate}
    ops["apply"]["ratio"] = {"to": "validate", "value": ops["apply"]["median_s"] / validate}
    for summary in ops.values():
        summary["peak_rss_per_spec_byte"] = summary["peak_rss_bytes"] / stats["bytes"]
        summary["op_rss_per_spec_byte"] = summary["op_rss_bytes"] / stats["bytes"]
    ops["apply"]["acting_steps"] = runs["apply"][0]["details"]["acting"]
    ops["plan-10%"]["acting_steps"] = runs["plan-10%"][0]["details"]["acting"]
    return {"spec_files": stats["files"], "spec_bytes": stats["bytes"],
            "objects": {"skills": counts.skills, "channels": counts.channels, "roles": counts.roles,
                        "agents": counts.agents},
            "repeat": repeat, "apply_parallelism": apply_parallelism, "ops": ops}


# ----- the CXone emulator ---------------------------------------------------------------------
def emulator_available() -> bool:
    import importlib.util

    return all(importlib.util.find_spec(name) is not None
               for name in ("acdplan.providers.cxone", "acdplan.emulator"))


def measure_emulator(size: str, workdir: Path, repeat: int, latency_ms: int, log) -> dict:
    """Apply the whole tenant through the CXone provider into a fresh emulator, at -p 1 and -p 8."""
    from bench.emulator_setup import EmulatorProject

    folder = workdir / f"{size}-cxone"
    specs = folder / "specs"
    generate(size, specs)
    results: dict[str, list[dict]] = {}
    for round_number in range(repeat):
        for parallelism in (1, 8):
            root = folder / f"p{parallelism}-{round_number}"
            with EmulatorProject(root, latency_ms, specs) as project:
                record = run_worker("apply-cxone", specs, root, "--parallelism", str(parallelism),
                                    "--environment", project.environment, env=project.env)
                record["emulator_calls"] = project.calls()
            check(record, "apply-cxone")
            results.setdefault(f"p{parallelism}", []).append(record)
            log(f"  {size} cxone round {round_number + 1}/{repeat} -p {parallelism}: {record['op_s']:.2f}s "
                f"({record['emulator_calls']} calls)")
            shutil.rmtree(root, ignore_errors=True)
    ops = {f"apply-cxone-{key}": summarise(runs) for key, runs in results.items()}
    p1, p8 = ops["apply-cxone-p1"]["median_s"], ops["apply-cxone-p8"]["median_s"]
    ops["apply-cxone-p1"]["ratio"] = None
    ops["apply-cxone-p8"]["ratio"] = {"to": "apply-cxone-p1 (speed-up)", "value": p1 / p8}
    stats = spec_stats(specs)
    for summary in ops.values():
        summary["peak_rss_per_spec_byte"] = summary["peak_rss_bytes"] / stats["bytes"]
        summary["op_rss_per_spec_byte"] = summary["op_rss_bytes"] / stats["bytes"]
    return {"size": size, "latency_ms": latency_ms, "spec_bytes": stats["bytes"], "speed_up": p1 / p8, "ops": ops}


# ----- report ---------------------------------------------------------------------------------
def table(results: dict) -> str:
    header = ("size", "operation", "median s", "ratio", "start-up s", "peak RSS MiB", "op RSS MiB",
              "RSS/spec", "op RSS/spec")
    rows = []
    for size, body in results["sizes"].items():
        for op, summary in body["ops"].items():
            rows.append(_row(size, op, summary))
    emulator = results.get("emulator")
    if emulator and "ops" in emulator:
        for op, summary in emulator["ops"].items():
            rows.append(_row(emulator["size"], op, summary))
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]
    lines = ["  ".join(str(cell).rjust(width) if index >= 2 else str(cell).ljust(width)
                       for index, (cell, width) in enumerate(zip(line, widths)))
             for line in (header, *rows)]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _row(size: str, op: str, summary: dict) -> tuple:
    ratio = summary.get("ratio")
    ratio_text = f"{ratio['value']:.2f}x {ratio['to'].split(' ')[0]}" if ratio else "-"
    if ratio and "speed-up" in ratio["to"]:
        ratio_text = f"{ratio['value']:.2f}x speed-up"
    return (size, op, f"{summary['median_s']:.3f}", ratio_text, f"{summary['startup_median_s']:.2f}",
            f"{summary['peak_rss_bytes'] / MIB:.1f}", f"{summary['op_rss_bytes'] / MIB:.1f}",
            f"{summary['peak_rss_per_spec_byte']:.1f}", f"{summary['op_rss_per_spec_byte']:.1f}")


def evaluate_targets(results: dict) -> list[dict]:
    verdicts = []
    large = results["sizes"].get("L")
    if large:
        ops = large["ops"]
        worst_rss = max(ops, key=lambda op: ops[op]["peak_rss_bytes"])
        figures = {
            "validate / floor": ops["validate"]["ratio"]["value"],
            "no-op plan / validate": ops["plan"]["ratio"]["value"],
            "peak RSS / spec bytes": ops[worst_rss]["peak_rss_per_spec_byte"],
        }
        for name, value in figures.items():
            entry = {"target": name, "size": "L", "value": round(value, 3), "limit": TARGETS[name],
                     "met": value <= TARGETS[name]}
            if name.startswith("peak RSS"):
                entry["operation"] = worst_rss
                entry["op_rss_value"] = round(ops[worst_rss]["op_rss_per_spec_byte"], 3)
            verdicts.append(entry)
    emulator = results.get("emulator")
    if emulator and "speed_up" in emulator:
        name = "emulator apply speed-up p8 vs p1"
        verdicts.append({"target": name, "size": emulator["size"], "value": round(emulator["speed_up"], 3),
                         "limit": TARGETS[name], "met": emulator["speed_up"] >= TARGETS[name]})
    return verdicts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="S,M,L", help="comma-separated: S, M, L (default: all)")
    parser.add_argument("--repeat", type=int, default=None, help="rounds per size (default: 5 for S/M, 3 for L)")
    parser.add_argument("--out", default="bench-results/results.json", help="JSON results file")
    parser.add_argument("--apply-parallelism", type=int, default=4, help="--parallelism of the sandbox apply "
                        "(default: 4, the CLI's default)")
    parser.add_argument("--emulator-size", default="S", help="size applied through the CXone emulator (default: S)")
    parser.add_argument("--emulator-repeat", type=int, default=1)
    parser.add_argument("--latency-ms", type=int, default=50, help="latency the emulator adds per call")
    parser.add_argument("--no-emulator", action="store_true", help="skip the CXone emulator measurement")
    parser.add_argument("--workdir", help="keep the generated tenants here instead of a temporary folder")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    sizes = [size.strip().upper() for size in args.sizes.split(",") if size.strip()]
    for size in sizes:
        if size not in SIZES:
            parser.error(f"unknown size {size!r} (known: {', '.join(SIZES)})")

    def log(message: str) -> None:
        if not args.quiet:
            print(message, file=sys.stderr, flush=True)

    started = time.perf_counter()
    results: dict = {
        "format_version": 1,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "sizes": {},
    }
    workdir = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="acdplan-bench-"))
    try:
        for size in sizes:
            repeat = args.repeat or DEFAULT_REPEAT[size]
            results["sizes"][size] = measure_size(size, workdir, repeat, args.apply_parallelism, log)
        if args.no_emulator:
            results["emulator"] = {"skipped": "--no-emulator"}
        elif not emulator_available():
            results["emulator"] = {"skipped": "the CXone provider or its emulator is not there yet"}
            log("emulator: skipped (acdplan.providers.cxone / acdplan.emulator not found)")
        else:
            results["emulator"] = measure_emulator(args.emulator_size, workdir, args.emulator_repeat,
                                                   args.latency_ms, log)
            from bench.emulator_calls import measure as measure_calls  # calls per changed object, no-op plan

            results["emulator_calls"] = measure_calls(args.emulator_size, args.latency_ms, log)
    finally:
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    results["targets"] = evaluate_targets(results)
    results["total_s"] = round(time.perf_counter() - started, 1)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(table(results))
    print()
    for verdict in results["targets"]:
        state = "met" if verdict["met"] else "NOT met"
        comparison = "<=" if "speed-up" not in verdict["target"] else ">="
        print(f"target {verdict['target']} ({verdict['size']}): {verdict['value']:.2f} {comparison} "
              f"{verdict['limit']:g}: {state}")
    if isinstance(results.get("emulator"), dict) and "skipped" in results["emulator"]:
        print(f"emulator apply: skipped ({results['emulator']['skipped']})")
    print(f"\n{results['total_s']:.0f}s in all; figures in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
