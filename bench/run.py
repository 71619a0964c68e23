"""The benchmark: every operation against its floor, paired round by round, in one run.

    python -m bench.run [--sizes S,M,L,2L,4L] [--repeat N] [--out bench-results/results.json]

For each size it generates a synthetic tenant (bench.generate) in a temporary folder, applies
it once into a local sandbox, then runs rounds. A round runs every operation once, each in a
fresh `bench.worker` process (its own peak resident set, the CLI's interpreter settings); the
order is reversed every other round so that neither side of a ratio always runs first:

    floor              PyYAML's CSafeLoader on the same files, and nothing else
    floor-compose      only composing the node graphs (the C parser's share of the floor)
    validate           `acdplan validate --no-cache`
    validate-cached    `acdplan validate`, the parse cache filled by an earlier run
    plan               `acdplan plan --no-cache`, no change, against the filled sandbox
    plan-cached        `acdplan plan`, no change, parse cache filled
    plan-cold-cache    `acdplan plan` with an empty parse cache (what the first run pays to fill it)
    plan-10%           `acdplan plan --no-cache` with 10% of skills, channels and agents changed
    plan-10%-cached    the same, its parse cache filled

Every ratio is paired: the ratio of the two operations within each round, then the median of
those per-round ratios, with their minimum and maximum. The targets are judged on those.
Other sections (the CXone emulator) are in SECTIONS; a new one is a `Section` added there.
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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.generate import SIZES, generate

REPO = Path(__file__).resolve().parents[1]
DEFAULT_REPEAT = {"S": 9, "M": 9, "L": 7, "2L": 7, "4L": 5}
WORKER_TIMEOUT = 1800
MIB = 1024 * 1024


@dataclass(frozen=True)
class Op:
    """One measured operation of a round."""

    name: str
    worker: str  # the bench.worker operation
    specs: str = "base"  # "base" or "10pct" (the tenant with 10% changed)
    cache: str = "off"  # "off" (--no-cache), "warm" (filled before the rounds), "cold" (emptied before each run)
    root: str = "project"  # "project" (a folder of its own) or "sandbox" (the one the apply filled)


OPS = (
    Op("floor", "floor"),
    Op("floor-compose", "floor-compose"),
    Op("validate", "validate"),
    Op("validate-cached", "validate", cache="warm"),
    Op("plan", "plan", root="sandbox"),
    Op("plan-cached", "plan", cache="warm", root="sandbox"),
    Op("plan-cold-cache", "plan", cache="cold", root="sandbox"),
    Op("plan-10%", "plan", specs="10pct", root="sandbox"),
    Op("plan-10%-cached", "plan", specs="10pct", cache="warm", root="sandbox"),
)
# (operation, the one it is divided by): each is the median of the per-round ratios.
RATIOS = (
    ("validate", "floor"),
    ("validate", "floor-compose"),
    ("validate-cached", "floor"),
    ("plan", "validate"),
    ("plan-cached", "validate-cached"),
    ("plan-cached", "plan"),
    ("plan-cold-cache", "plan"),
    ("plan-10%", "validate"),
    ("plan-10%-cached", "validate-cached"),
    ("apply", "validate"),
)
# Targets judged at L: (ratio or figure, limit, what it means).
RATIO_TARGETS = {
    ("validate", "floor"): (1.0, "validate <= 1.0x the floor (same interpreter settings)"),
    ("plan", "validate"): (1.15, "no-op plan <= 1.15x validate"),
    ("plan-cached", "plan"): (0.5, "no-op plan of an unchanged tenant, cache on <= 0.5x without it"),
}
PLAN_PEAK_LIMIT_MIB = 100
LINEAR_TOLERANCE = 1.25  # largest / smallest cost per spec byte over L, 2L, 4L


# ----- running workers ------------------------------------------------------------------------
def run_worker(op: str, specs: Path, root: Path, *extra: str, env: dict | None = None) -> dict:
    """One measurement in a fresh process; adds the wall time the parent saw."""
    command = [sys.executable, "-m", "bench.worker", op, str(specs), str(root), *extra]
    environment = dict(os.environ, **(env or {}))
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), environment.get("PYTHONPATH")]))
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=REPO, env=environment, capture_output=True, text=True,
                               timeout=WORKER_TIMEOUT, check=False)
    wall = time.perf_counter() - started
    if completed.returncode != 0:
        raise RuntimeError(f"worker {op} failed ({completed.returncode}):\n{completed.stderr[-4000:]}")
    record = json.loads(completed.stdout.strip().splitlines()[-1])
    record["wall_s"] = round(wall, 4)
    record["startup_s"] = round(wall - record["op_s"], 4)  # interpreter start, imports, exit
    return record


def check(record: dict, op: str) -> None:
    """Stop at once if the benchmark measures something else than intended (invalid specs, a failed apply)."""
    details = record["details"]
    if op.startswith("validate") and details["diagnostics"]:
        raise RuntimeError(f"generated specs are not clean: {details}")
    if op.startswith(("plan", "apply")) and ("changes" not in details or details.get("plan_errors")):
        raise RuntimeError(f"{op} made no plan: {details}")
    if op in ("plan", "plan-cached", "plan-cold-cache") and details["acting"]:
        raise RuntimeError(f"the no-op plan has changes: {details['changes']}")
    # Through CXone, what no public API sets is a manual step: the apply stops there (exit 3)
    # with everything else done. Any step that failed is a broken measurement.
    completed = (0, 3) if op.startswith("apply-cxone") else (0,)
    if op.startswith("apply") and (details.get("exit_code") not in completed or details.get("failed")):
        raise RuntimeError(f"{op} did not complete: {details}")


def spec_stats(specs: Path) -> dict:
    files = sorted(p for p in specs.rglob("*.yaml"))
    return {"files": len(files), "bytes": sum(p.stat().st_size for p in files)}


# ----- one size -------------------------------------------------------------------------------
@dataclass
class Tenant:
    folder: Path
    specs: dict[str, Path] = field(default_factory=dict)

    def root(self, op: Op) -> Path:
        if op.root == "sandbox":
            return self.folder / ("sandbox-cold" if op.cache == "cold" else "sandbox")
        return self.folder / f"project-{op.name}"

    def run(self, op: Op) -> dict:
        root = self.root(op)
        if op.cache == "cold":
            shutil.rmtree(root / ".acdplan" / "cache", ignore_errors=True)
        flags = ("--no-cache",) if op.cache == "off" else ()
        if op.specs == "10pct":  # 10% of an L tenant is over the safety limit on updates: planned as with --force
            flags += ("--force",)
        record = run_worker(op.worker, self.specs[op.specs], root, *flags)
        check(record, op.name)
        return record


def measure_size(size: str, workdir: Path, repeat: int, apply_parallelism: int, apply_repeat: int, log,
                 ops: tuple[Op, ...] = OPS) -> dict:
    tenant = Tenant(workdir / size)
    shutil.rmtree(tenant.folder, ignore_errors=True)  # a kept --workdir starts afresh: the apply must fill it
    started = time.perf_counter()
    tenant.specs = {"base": generate(size, tenant.folder / "specs"),
                    "10pct": generate(size, tenant.folder / "specs-10pct", mutate=0.1)}
    stats = spec_stats(tenant.specs["base"])
    counts = SIZES[size]
    log(f"{size}: {stats['files']} files, {stats['bytes']:,} bytes ({counts.skills} skills, {counts.channels} "
        f"channels, {counts.roles} roles, {counts.agents} agents), generated in {time.perf_counter() - started:.1f}s")
    runs: dict[str, list[dict | None]] = {op.name: [] for op in ops}
    runs["apply"] = []
    # The sandbox every plan runs against: filled by the first apply (measured), copied for the cold-cache plan.
    sandbox = tenant.folder / "sandbox"
    for round_number in range(max(1, apply_repeat)):
        root = sandbox if round_number == 0 else tenant.folder / f"apply-{round_number}"
        root.mkdir(parents=True, exist_ok=True)
        record = run_worker("apply", tenant.specs["base"], root, "--no-cache", "--parallelism", str(apply_parallelism))
        check(record, "apply")
        runs["apply"].append(record)
        log(f"  {size} apply {round_number + 1}/{apply_repeat}: {record['op_s']:.2f}s")
        if root != sandbox:
            shutil.rmtree(root)
    shutil.copytree(sandbox, tenant.folder / "sandbox-cold")
    for op in ops:  # fill the warm caches (not measured)
        if op.cache == "warm":
            tenant.run(op)
    for round_number in range(repeat):
        order = ops if round_number % 2 == 0 else tuple(reversed(ops))
        for op in order:
            record = tenant.run(op)
            runs[op.name].append(record)
            log(f"  {size} round {round_number + 1}/{repeat} {op.name:16} {record['op_s']:8.3f}s "
                f"(peak {record['peak_rss_kib'] / 1024:.0f} MiB)")
    runs["apply"] += [None] * (repeat - len(runs["apply"]))  # paired with the first rounds only
    ops = {name: summarise(op_runs, stats["bytes"]) for name, op_runs in runs.items()}
    return {"spec_files": stats["files"], "spec_bytes": stats["bytes"],
            "objects": {"skills": counts.skills, "channels": counts.channels, "roles": counts.roles,
                        "agents": counts.agents},
            "repeat": repeat, "apply_parallelism": apply_parallelism, "ops": ops,
            "ratios": paired_ratios(runs),
            "plan_10pct_acting_steps": runs["plan-10%"][0]["details"]["acting"] if runs.get("plan-10%") else None}


def summarise(runs: list[dict | None], spec_bytes: int) -> dict:
    present = [r for r in runs if r is not None]
    peak = statistics.median(r["peak_rss_kib"] for r in present) * 1024
    added = statistics.median(r["peak_rss_kib"] - r["rss_before_kib"] for r in present) * 1024
    return {
        "n": len(present),
        "median_s": statistics.median(r["op_s"] for r in present),
        "min_s": min(r["op_s"] for r in present),
        "max_s": max(r["op_s"] for r in present),
        "startup_median_s": statistics.median(r["startup_s"] for r in present),
        "peak_rss_bytes": int(peak),
        "op_rss_bytes": int(added),
        "peak_rss_per_spec_byte": peak / spec_bytes,
        "op_rss_per_spec_byte": added / spec_bytes,
        "runs": runs,
    }


def paired_ratios(runs: dict[str, list[dict | None]]) -> dict[str, dict]:
    """Each ratio taken within a round, then summarised over the rounds where both sides ran."""
    ratios = {}
    for top, bottom in RATIOS:
        if top not in runs or bottom not in runs:
            continue
        per_round = [a["op_s"] / b["op_s"] for a, b in zip(runs[top], runs[bottom], strict=False)
                     if a is not None and b is not None and b["op_s"] > 0]
        if per_round:
            ratios[f"{top} / {bottom}"] = {"median": statistics.median(per_round), "min": min(per_round),
                                           "max": max(per_round), "n": len(per_round), "per_round": per_round}
    return ratios


# ----- other sections (the CXone emulator) ----------------------------------------------------
@dataclass(frozen=True)
class Section:
    """A measurement beside the sizes: its options, how to run it, its table rows and its targets."""

    name: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    available: Callable[[argparse.Namespace], str | None]  # None, or why it is skipped
    measure: Callable[[argparse.Namespace, Path, Callable], dict]
    rows: Callable[[dict], list[tuple]]
    verdicts: Callable[[dict], list[dict]]
    table: Callable[[dict, bool], str] | None = None  # a table of its own, printed after the others


def _emulator_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--emulator-size", default="S", help="size applied through the CXone emulator (default: S)")
    parser.add_argument("--emulator-repeat", type=int, default=1)
    parser.add_argument("--latency-ms", type=int, default=50, help="latency the emulator adds per call")
    parser.add_argument("--no-emulator", action="store_true", help="skip the CXone emulator measurement")


def _emulator_available(args) -> str | None:
    import importlib.util

    if args.no_emulator:
        return "--no-emulator"
    if not all(importlib.util.find_spec(name) for name in ("acdplan.providers.cxone", "acdplan.emulator")):
        return "the CXone provider or its emulator is not there"
    return None


def measure_emulator(args, workdir: Path, log) -> dict:
    """Apply the whole tenant through the CXone provider into a fresh emulator, at -p 1 and -p 8."""
    from bench.emulator_setup import EmulatorProject

    size, repeat, latency_ms = args.emulator_size, args.emulator_repeat, args.latency_ms
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
    stats = spec_stats(specs)
    ops = {f"apply-cxone-{key}": summarise(runs, stats["bytes"]) for key, runs in results.items()}
    per_round = [a["op_s"] / b["op_s"] for a, b in zip(results["p1"], results["p8"], strict=True)]
    return {"size": size, "latency_ms": latency_ms, "spec_bytes": stats["bytes"], "ops": ops,
            "speed_up": {"median": statistics.median(per_round), "min": min(per_round), "max": max(per_round),
                         "n": len(per_round)}}


def _emulator_rows(result: dict) -> list[tuple]:
    return [op_row(result["size"], op, summary) for op, summary in result["ops"].items()]


def _emulator_verdicts(result: dict) -> list[dict]:
    # The speed-up of -p 8 over -p 1 is shown, not judged: writes are batched now (issue 9), so an
    # S apply makes a handful of calls and parallel steps have little left to overlap.
    return []


def _calls_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--calls-size", default="L", help="size whose API calls are counted (default: L)")


def measure_calls(args, workdir: Path, log) -> dict:
    """API calls per changed object of an apply, and a no-op plan's time and calls, at --latency-ms a call."""
    from bench.emulator_calls import measure

    return measure(args.calls_size, args.latency_ms, log)


def _calls_rows(result: dict) -> list[tuple]:
    return []


def _calls_verdicts(result: dict) -> list[dict]:
    per_object = result["calls_per_changed_object"]
    return [{"target": "API calls per changed object through the emulator <= 1/50 (batched writes)",
             "size": result["size"], "value": per_object, "range": [per_object, per_object], "n": 1,
             "met": per_object <= 1 / 50}]


def _plans_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--plan-sizes", default="S,M,L",
                        help="sizes whose plans through the emulator are paired with the sandbox's (default: S,M,L)")
    parser.add_argument("--plan-repeat", type=int, default=3, help="rounds of those plans (default: 3)")
    parser.add_argument("--read-parallelism", type=int, default=8, help="the CXone environment's read_parallelism")


def measure_plans(args, workdir: Path, log) -> dict:
    """A no-op plan and a 10% plan through the emulator, each paired with the sandbox's (bench/emulator_plan.py)."""
    from bench.emulator_plan import measure

    sizes = [size.strip().upper() for size in args.plan_sizes.split(",") if size.strip()]
    return measure(sizes, workdir, args.plan_repeat, args.latency_ms, args.read_parallelism, log)


def _plans_rows(result: dict) -> list[tuple]:
    return [op_row(size, op, summary) for size, body in result["sizes"].items() for op, summary in body["ops"].items()]


def _plans_verdicts(result: dict) -> list[dict]:
    from bench.emulator_plan import verdicts

    return verdicts(result)


def _plans_table(result: dict, markdown: bool) -> str:
    from bench.emulator_plan import HEADER, rows

    return render(HEADER, rows(result), markdown)


SECTIONS = [
    Section("emulator", _emulator_arguments, _emulator_available, measure_emulator, _emulator_rows,
            _emulator_verdicts),
    Section("emulator-calls", _calls_arguments, _emulator_available, measure_calls, _calls_rows, _calls_verdicts),
    Section("emulator-plan", _plans_arguments, _emulator_available, measure_plans, _plans_rows, _plans_verdicts,
            _plans_table),
]


# ----- report ---------------------------------------------------------------------------------
def op_row(size: str, op: str, summary: dict) -> tuple:
    return (size, op, summary["n"], f"{summary['median_s']:.3f}", f"{summary['min_s']:.3f}–{summary['max_s']:.3f}",
            f"{summary['startup_median_s']:.2f}", f"{summary['peak_rss_bytes'] / MIB:.1f}",
            f"{summary['op_rss_bytes'] / MIB:.1f}", f"{summary['peak_rss_per_spec_byte']:.1f}",
            f"{summary['op_rss_per_spec_byte']:.1f}")


OP_HEADER = ("size", "operation", "n", "median s", "min–max s", "start-up s", "peak MiB", "op MiB",
             "peak/spec B", "op/spec B")
RATIO_HEADER = ("size", "paired ratio", "n", "median", "min–max")


def render(header: tuple, rows: list[tuple], markdown: bool) -> str:
    if markdown:
        lines = ["| " + " | ".join(map(str, header)) + " |",
                 "|" + "|".join("---" if i < 2 else "---:" for i in range(len(header))) + "|"]
        return "\n".join(lines + ["| " + " | ".join(map(str, row)) + " |" for row in rows])
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    lines = ["  ".join(str(cell).rjust(width) if index >= 2 else str(cell).ljust(width)
                       for index, (cell, width) in enumerate(zip(line, widths, strict=True)))
             for line in (header, *rows)]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def tables(results: dict, markdown: bool = False) -> str:
    op_rows, ratio_rows = [], []
    for size, body in results["sizes"].items():
        op_rows += [op_row(size, op, summary) for op, summary in body["ops"].items()]
        ratio_rows += [(size, name, ratio["n"], f"{ratio['median']:.2f}x", f"{ratio['min']:.2f}–{ratio['max']:.2f}")
                       for name, ratio in body["ratios"].items()]
    for section in SECTIONS:
        result = results["sections"].get(section.name, {})
        if "skipped" not in result and result:
            op_rows += section.rows(result)
    text = render(OP_HEADER, op_rows, markdown) + "\n\n" + render(RATIO_HEADER, ratio_rows, markdown)
    for section in SECTIONS:
        result = results["sections"].get(section.name, {})
        if section.table is not None and result and "skipped" not in result:
            text += "\n\n" + section.table(result, markdown)
    return text


def evaluate_targets(results: dict) -> list[dict]:
    verdicts = []
    large = results["sizes"].get("L")
    if large:
        for (top, bottom), (limit, what) in RATIO_TARGETS.items():
            ratio = large["ratios"].get(f"{top} / {bottom}")
            if ratio:
                verdicts.append({"target": what, "size": "L", "value": ratio["median"],
                                 "range": [ratio["min"], ratio["max"]], "n": ratio["n"],
                                 "met": ratio["median"] <= limit})
        for op, how in (("plan-cached", "the cache on, as by default"), ("plan", "--no-cache")):
            if op in large["ops"]:
                peak = large["ops"][op]["peak_rss_bytes"] / MIB
                verdicts.append({"target": f"L no-op plan peak RSS <= {PLAN_PEAK_LIMIT_MIB} MiB ({how})",
                                 "size": "L", "value": peak, "met": peak <= PLAN_PEAK_LIMIT_MIB})
    scaled = [size for size in ("L", "2L", "4L") if size in results["sizes"]]
    if len(scaled) >= 2:
        for op in ("plan", "validate"):
            if any(op not in results["sizes"][size]["ops"] for size in scaled):
                continue
            for measure, key in (("time", "median_s"), ("op memory", "op_rss_bytes")):
                per_byte = {size: results["sizes"][size]["ops"][op][key] / results["sizes"][size]["spec_bytes"]
                            for size in scaled}
                spread = max(per_byte.values()) / min(per_byte.values())
                verdicts.append({"target": f"{op} {measure} grows linearly over {', '.join(scaled)} "
                                           f"(per spec byte within {LINEAR_TOLERANCE}x)",
                                 "size": "/".join(scaled), "value": spread,
                                 "per_spec_byte": per_byte, "met": spread <= LINEAR_TOLERANCE})
    for section in SECTIONS:
        result = results["sections"].get(section.name, {})
        if result and "skipped" not in result:
            verdicts += section.verdicts(result)
    return verdicts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="S,M,L", help=f"comma-separated, of {', '.join(SIZES)} (default: S,M,L)")
    defaults = ", ".join(f"{size} {rounds}" for size, rounds in DEFAULT_REPEAT.items())
    parser.add_argument("--repeat", type=int, default=None, help=f"rounds per size (default: {defaults})")
    parser.add_argument("--apply-repeat", type=int, default=1, help="measured applies per size (default: 1)")
    parser.add_argument("--out", default="bench-results/results.json", help="JSON results file")
    parser.add_argument("--apply-parallelism", type=int, default=4, help="--parallelism of the sandbox apply "
                        "(default: 4, the CLI's default)")
    parser.add_argument("--workdir", help="keep the generated tenants here instead of a temporary folder")
    parser.add_argument("--markdown", action="store_true", help="print the tables in Markdown")
    parser.add_argument("--ops", default=",".join(op.name for op in OPS),
                        help="comma-separated operations of a round (default: all; apply always runs once)")
    parser.add_argument("--quiet", action="store_true")
    for section in SECTIONS:
        section.add_arguments(parser)
    args = parser.parse_args(argv)
    sizes = [size.strip().upper() for size in args.sizes.split(",") if size.strip()]
    for size in sizes:
        if size not in SIZES:
            parser.error(f"unknown size {size!r} (known: {', '.join(SIZES)})")
    chosen = [name.strip() for name in args.ops.split(",") if name.strip()]
    known = {op.name: op for op in OPS}
    if unknown := [name for name in chosen if name not in known]:
        parser.error(f"unknown operation(s) {', '.join(unknown)} (known: {', '.join(known)})")
    ops = tuple(op for op in OPS if op.name in chosen)

    def log(message: str) -> None:
        if not args.quiet:
            print(message, file=sys.stderr, flush=True)

    started = time.perf_counter()
    results: dict = {
        "format_version": 2,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "sizes": {},
        "sections": {},
    }
    workdir = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="acdplan-bench-"))
    try:
        for size in sizes:
            repeat = args.repeat or DEFAULT_REPEAT[size]
            results["sizes"][size] = measure_size(size, workdir, repeat, args.apply_parallelism, args.apply_repeat,
                                                  log, ops)
        for section in SECTIONS:
            skipped = section.available(args)
            if skipped:
                results["sections"][section.name] = {"skipped": skipped}
                log(f"{section.name}: skipped ({skipped})")
            else:
                results["sections"][section.name] = section.measure(args, workdir, log)
    finally:
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    results["targets"] = evaluate_targets(results)
    results["total_s"] = round(time.perf_counter() - started, 1)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(tables(results, args.markdown))
    print()
    for verdict in results["targets"]:
        extent = f" (min–max {verdict['range'][0]:.2f}–{verdict['range'][1]:.2f}, n={verdict['n']})" \
            if "range" in verdict else ""
        print(f"target {verdict['target']} [{verdict['size']}]: {verdict['value']:.2f}{extent}: "
              f"{'met' if verdict['met'] else 'NOT met'}")
    for name, result in results["sections"].items():
        if "skipped" in result:
            print(f"{name}: skipped ({result['skipped']})")
    print(f"\n{results['total_s']:.0f}s in all; figures in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
