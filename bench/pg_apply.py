"""Apply to PostgreSQL state against the same apply to local state (issue 23, item 3), paired.

    python -m bench.generate --size L --out /tmp/tenant-L
    python -m bench.pg_apply /tmp/tenant-L --dsn "host=... dbname=..." --rounds 5 [--before /tmp/old-checkout]

Each round applies the whole tenant (`acdplan apply --auto-approve --no-cache --parallelism 4`)
into an empty sandbox, once with local state and once with PostgreSQL state in a fresh schema
(and, with `--before DIR`, once more with the acdplan package found in DIR, e.g.
`git archive <commit> acdplan | tar -x -C DIR`); the order is reversed every other round and
ratios are taken within a round. Use a server as production runs it: fsync and
synchronous_commit on (the test server of tests/state/pg_server.py turns both off).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import yaml


def apply_once(specs: Path, folder: Path, dsn: str, variant: str, before: str | None, parallelism: int) -> float:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    environment: dict = {"provider": "local", "path": str(folder / "tenant.json")}
    if variant != "local":
        environment["state"] = {"backend": "postgres", "dsn_env": "ACDPLAN_STATE_DSN",
                                "schema": "bench_" + uuid.uuid4().hex[:10]}
    (folder / "acdplan.yaml").write_text(yaml.safe_dump({"specs": str(specs),
                                                         "environments": {"production": environment}}))
    env = dict(os.environ, ACDPLAN_STATE_DSN=dsn)
    if variant == "pg-before" and before:
        env["PYTHONPATH"] = before
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "acdplan", "apply", "-e", "production", "--auto-approve",
                           "--no-cache", "--parallelism", str(parallelism)], cwd=folder, env=env,
                          capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{variant}: apply exited {done.returncode}\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return seconds


def paired(numerators: list[float], denominators: list[float]) -> str:
    ratios = [a / b for a, b in zip(numerators, denominators, strict=True)]
    return f"{statistics.median(ratios):.3f} (min {min(ratios):.3f}, max {max(ratios):.3f})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("specs", type=Path)
    parser.add_argument("--dsn", default=os.environ.get("ACDPLAN_STATE_DSN", ""))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--parallelism", type=int, default=4)
    parser.add_argument("--before", help="a folder holding an older acdplan package, measured beside")
    args = parser.parse_args(argv)
    variants = ["local", "pg-before", "pg-after"] if args.before else ["local", "pg-after"]
    times: dict[str, list[float]] = {variant: [] for variant in variants}
    with tempfile.TemporaryDirectory(prefix="acdplan-pg-apply-") as work:
        for number in range(args.rounds):
            for variant in variants if number % 2 == 0 else variants[::-1]:
                times[variant].append(apply_once(args.specs, Path(work) / "run", args.dsn, variant, args.before,
                                                 args.parallelism))
            print(f"round {number}: " + ", ".join(f"{v} {t[-1]:.2f} s" for v, t in times.items()), flush=True)
    for variant in variants:
        print(f"{variant}: median {statistics.median(times[variant]):.2f} s")
    for variant in variants[1:]:
        print(f"{variant} / local: {paired(times[variant], times['local'])}")
    if args.before:
        print(f"pg-after / pg-before: {paired(times['pg-after'], times['pg-before'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
