"""Converged means empty (issue 19): plan -> apply -> confirm -> plan against the emulator, timed.

    python -m bench.convergence --size S [--size M --size L] [--json FILE]

For each size: a fresh emulator seeded with what no public API creates (bench/emulator_setup.py),
then the `acdplan` command line as a user runs it: `plan`, `apply --auto-approve` (exit 3: manual
steps are left to a person), `plan` (those steps shown once, as pending), the person does them
(`perform_manual_steps`: what the emulator can hold, e.g. a skill's response countdowns), `confirm
--all`, and `plan --detailed-exitcode`, which must say "No changes" and exit 0.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _run(project, specs: Path, *args: str) -> tuple[int, str, float]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "acdplan", *args], cwd=project.root, capture_output=True,
                          text=True, env={**os.environ, **project.env, "ACDPLAN_ACTOR": "bench"}, check=False)
    return done.returncode, done.stdout + done.stderr, time.perf_counter() - started


def _summary(output: str) -> str:
    lines = [line for line in output.splitlines() if line.startswith(("Plan:", "No changes", "Recorded", "Apply"))]
    return lines[-1] if lines else output.strip().splitlines()[-1] if output.strip() else ""


def measure(size: str, log) -> dict:
    from acdplan.emulator import perform_manual_steps
    from acdplan.validate import validate_path
    from bench.emulator_setup import ENVIRONMENT, EmulatorProject
    from bench.generate import generate

    with tempfile.TemporaryDirectory(prefix=f"acdplan-converge-{size}-") as work:
        work_path = Path(work)
        specs = work_path / "specs"
        generate(size, specs)
        with EmulatorProject(work_path / "project", 0, specs) as project:
            steps = [
                ("plan", ["plan", str(specs), "-e", ENVIRONMENT, "--import-existing"]),
                ("apply", ["apply", str(specs), "-e", ENVIRONMENT, "--auto-approve", "--import-existing",
                           "--parallelism", "8"]),
                ("plan after apply", ["plan", str(specs), "-e", ENVIRONMENT, "--detailed-exitcode"]),
                ("confirm", ["confirm", "-e", ENVIRONMENT, "--all"]),
                ("plan after confirm", ["plan", str(specs), "-e", ENVIRONMENT, "--detailed-exitcode"]),
            ]
            results = []
            for name, args in steps:
                if name == "confirm":  # a person does the manual steps before saying so
                    perform_manual_steps(project.emulator, validate_path(specs).spec)
                code, output, seconds = _run(project, specs, *args)
                line = _summary(output)
                log(f"{size}: {name}: exit {code}, {seconds:.1f} s: {line}")
                results.append({"step": name, "exit": code, "seconds": round(seconds, 2), "summary": line})
            return {"size": size, "steps": results, "converged": results[-1]["exit"] == 0
                    and results[-1]["summary"].startswith("No changes")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.convergence", description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", action="append", choices=("S", "M", "L"), help="size(s) (default S)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    results = [measure(size, lambda line: print(line, file=sys.stderr, flush=True)) for size in (args.size or ["S"])]
    text = json.dumps(results, indent=1)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0 if all(result["converged"] for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
