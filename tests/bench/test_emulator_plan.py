"""bench.emulator_plan: a plan through the emulator paired with the sandbox's, reported as the
issue asks (calls, ideal network time, the engine's time, the ratio, peaks). Times are not judged
here (they belong to the benchmark's report), only that the figures are made and add up."""

from __future__ import annotations

import json
from pathlib import Path

from bench.emulator_plan import main


def test_plans_through_the_emulator_are_paired_with_the_sandbox_and_reported(tmp_path: Path, capsys):
    out = tmp_path / "plans.json"
    assert main(["--sizes", "S", "--repeat", "2", "--latency-ms", "5", "--json", str(out)]) == 0
    result = json.loads(out.read_text())
    body = result["sizes"]["S"]
    assert set(body["ops"]) == {"plan-sandbox", "plan-cxone", "plan-10%-sandbox", "plan-10%-cxone"}
    assert all(summary["n"] == 2 for summary in body["ops"].values())
    for kind in ("plan", "plan-10%"):
        bound = body["bounds"][kind]
        assert bound["calls"] > 5  # login, discovery and every list of every kind
        assert abs(bound["ideal_network_s"] - bound["calls"] * 0.005 / 8) < 1e-9
        assert bound["ratio"]["n"] == 2
        assert bound["limit_s"] > bound["engine_s"]
    printed = capsys.readouterr().out
    assert "ideal network s" in printed and "(cxone - engine) / ideal" in printed
    assert "no-op plan through the emulator peaks" in printed
