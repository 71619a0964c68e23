"""Issue 10 item 5: a pull request cannot take down the CI runner. One test per reported attack,
run through the CLI in a subprocess under a 2 GB address-space ceiling, asserting its peak
memory and its time (limits generous for a loaded CI machine; measured values in the report)."""

from __future__ import annotations

import pytest

from tests.hostile.measure import run_cli

TEMPLATE_MEMORY_MB = 512 + 120  # the renderer's budget above the CLI, plus the CLI itself

MEMORY_ATTACKS = {
    "join": '{% set a = ["x" * 1000000] * 10000 %}{{ a|join("") }}\n',
    "set": '{% set ns = namespace(s="xxxxxxxxxxxxxxxx") %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}'
           '{% endfor %}a: 1\n',
    "tilde": '{% set s = "x" * 10000000 %}{% set t = ' + " ~ ".join(["s"] * 60) + ' %}a: 1\n',
    "center": 'a: {{ "x"|center(20000000000) }}\n',
    "format": 'a: {{ "%20000000000s"|format("x") }}\n',
}


def validate(tmp_path, files: dict[str, str], *args):
    folder = tmp_path / "specs"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text)
    return run_cli(["validate", "specs", "--format", "json", *args], tmp_path)


@pytest.mark.parametrize("attack", sorted(MEMORY_ATTACKS))
def test_template_memory_attack_is_stopped_at_the_limit(tmp_path, attack):
    run = validate(tmp_path, {"attack.yaml.j2": "\n\n" + MEMORY_ATTACKS[attack]})
    [diagnostic] = run.json()["diagnostics"]
    assert run.code == 1 and diagnostic["rule"] == "TP001", run.stdout + run.stderr
    assert "memory limit of 512 MiB" in diagnostic["message"] and diagnostic["line"] == 3
    assert run.peak_mb < TEMPLATE_MEMORY_MB and run.seconds < 20, (run.peak_mb, run.seconds)
    assert "Traceback" not in run.stderr


def test_nested_loops_with_no_output_stop_at_the_time_limit(tmp_path):
    loops = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}a: 1\n"
    run = validate(tmp_path, {"loops.yaml.j2": loops})
    [diagnostic] = run.json()["diagnostics"]
    assert diagnostic["rule"] == "TP001" and "time limit of 10 s" in diagnostic["message"]
    assert 9 < run.seconds < 25 and run.peak_mb < 150, (run.peak_mb, run.seconds)


def test_catastrophic_naming_pattern_runs_in_linear_time(tmp_path):
    spec = ('tenant:\n  naming: {skill_pattern: "^(a+)+$"}\ncampaigns: {Social: {}}\nskills:\n'
            '  aaaaaaaaaaaaaaaaaaaaaaaaaaaaa!: {campaign: Social}\n')
    run = validate(tmp_path, {"spec.yaml": spec})
    rules = [d["rule"] for d in run.json()["diagnostics"]]
    assert "SK013" in rules  # matched (and failed) in microseconds; Python's re takes minutes here
    assert run.seconds < 5 and run.peak_mb < 150, (run.peak_mb, run.seconds)


def test_pattern_needing_backtracking_is_a_clear_finding(tmp_path):
    spec = 'tenant:\n  naming: {skill_pattern: "^(?=IG)(\\\\w)\\\\1"}\ncampaigns: {Social: {}}\n'
    run = validate(tmp_path, {"spec.yaml": spec})
    [diagnostic] = run.json()["diagnostics"]
    assert diagnostic["rule"] == "SK013" and "RE2" in diagnostic["message"]


def test_15_mb_file_of_700k_unknown_fields_is_fast_and_short(tmp_path):
    lines = ["campaigns:\n  Social: {}\nskills:\n  IG_FR:\n    campaign: Social\n"]
    lines += [f"    field_{index:06d}x: 1\n" for index in range(700_000)]
    text = "".join(lines)
    assert 14_000_000 < len(text) < 16_000_000
    run = validate(tmp_path, {"fields.yaml": text})
    [diagnostic] = run.json()["diagnostics"]
    assert diagnostic["rule"] == "YM004" and "500,000" in diagnostic["message"]
    assert run.seconds < 15 and run.peak_mb < 200 and len(run.stdout) < 2_000, (run.peak_mb, run.seconds)


def test_many_findings_in_one_file_are_capped_then_counted(tmp_path):
    lines = ["campaigns:\n  Social: {}\nskills:\n"] + [f"  S{index}: {{campaign: Social, bogus: 1}}\n"
                                                     for index in range(10_000)]
    run = validate(tmp_path, {"skills.yaml": "".join(lines)})
    diagnostics = run.json()["diagnostics"]
    assert len(diagnostics) <= 102 and all(d["rule"] == "SC001" for d in diagnostics)
    counted = [d for d in diagnostics if "more diagnostics in this file not shown" in d["message"]]
    assert counted and sum(int(d["message"].split(" ")[0].replace(",", "")) for d in counted) == 10_000 - 100
    assert run.seconds < 30 and run.peak_mb < 400, (run.peak_mb, run.seconds)


def test_yaml_pitfalls_are_capped_while_parsing(tmp_path):
    text = "campaigns:\n  Social: {}\nscripts:\n" + "".join(f"  s{index}: yes\n" for index in range(20_000))
    run = validate(tmp_path, {"spec.yaml": text})
    diagnostics = run.json()["diagnostics"]
    assert len(diagnostics) < 110
    assert any(d["message"].startswith("19,900 more diagnostics") for d in diagnostics), diagnostics[-3:]
    assert run.seconds < 20 and run.peak_mb < 300, (run.peak_mb, run.seconds)


@pytest.mark.parametrize("number", ["9" * 5000, "-" + "1" * 5000, "0x" + "f" * 5000])
def test_integer_of_5000_digits_is_a_diagnostic(tmp_path, number):
    run = validate(tmp_path, {"spec.yaml": f"campaigns:\n  Social: {{}}\nskills:\n  IG_FR:\n"
                                           f"    campaign: Social\n    timeout: {number}\n"})
    [diagnostic] = run.json()["diagnostics"]
    assert diagnostic["rule"] == "YM004" and "digits, over the limit of 64 digits" in diagnostic["message"]
    assert (diagnostic["line"], diagnostic["column"]) == (6, 14)
    assert "Traceback" not in run.stderr and run.seconds < 5 and run.peak_mb < 150


def test_worst_file_under_the_node_limit_stays_bounded(tmp_path):
    """Just under the node limit (one mapping of 245k unknown fields): slow, but bounded."""
    lines = ["campaigns:\n  Social: {}\nskills:\n  IG_FR:\n    campaign: Social\n"]
    lines += [f"    field_{index:06d}x: 1\n" for index in range(245_000)]
    run = validate(tmp_path, {"fields.yaml": "".join(lines)})
    [diagnostic] = run.json()["diagnostics"]
    assert diagnostic["rule"] == "SC001" and diagnostic["message"].startswith("unknown field 'field_000000x'")
    assert run.seconds < 60 and run.peak_mb < 500 and len(run.stdout) < 2_000, (run.peak_mb, run.seconds)
