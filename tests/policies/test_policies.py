"""Policies on the plan (acdplan.yaml `policies:`): POL001 denies a channel's replacement in every plan
format, fails `plan` and stops `apply` unless --force; warnings are shown only; broken policies are
CF004 at their line; evaluation is bounded."""

from __future__ import annotations

import json
import time

from tests.conftest import run_cli
from tests.policies.conftest import POL001, replace_messenger, write_policies

DENIAL = "error POL001 policy denies replace of channel.Messenger FR: Channels are deleted only through a change request"


def test_pol001_denies_the_replacement_in_every_plan_format(applied):
    write_policies(applied, POL001)
    assert run_cli("plan").exit_code == 0  # nothing to judge: the tenant matches the specs
    replace_messenger(applied)
    text = run_cli("plan")
    assert text.exit_code == 1
    assert f"specs/channels.yaml:16:3: {DENIAL}" in text.output  # errors go to standard error, the plan is not printed
    assert run_cli("plan", "--detailed-exitcode").exit_code == 1

    document = json.loads(run_cli("plan", "--format", "json").stdout)
    (denial,) = [d for d in document["diagnostics"] if d["rule"] == "POL001"]
    assert denial["severity"] == "error" and "Channels are deleted only through a change request" in denial["message"]

    markdown = run_cli("plan", "--format", "markdown").stdout
    assert "- **error** `POL001` policy denies replace of channel&#46;Messenger FR&#58; Channels are deleted" in markdown

    runbook = run_cli("plan", "--format", "runbook").stdout
    assert DENIAL in runbook and runbook.index("POL001") < runbook.index("1. replace channel Messenger FR")

    sarif = json.loads(run_cli("plan", "--format", "sarif").stdout)
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    (result,) = run["results"]
    assert result["ruleId"] == "POL001" and result["level"] == "error"
    assert rules[result["ruleIndex"]]["shortDescription"]["text"] == "Channels are deleted only through a change request"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "specs/channels.yaml"
    assert result["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "acdplan.yaml"
    assert result["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 4  # the deny

    report = run_cli("report", "-o", "report.html")
    assert report.exit_code == 1
    html = (applied / "report.html").read_text(encoding="utf-8")
    assert "POL001" in html and "Channels are deleted only through a change request" in html


def test_an_error_policy_stops_apply_unless_force(applied):
    write_policies(applied, POL001)
    replace_messenger(applied)
    sandbox = applied / ".acdplan" / "sandbox.json"
    before = sandbox.read_bytes()
    refused = run_cli("apply", "--auto-approve")
    assert refused.exit_code == 1 and DENIAL in refused.output
    assert sandbox.read_bytes() == before  # nothing was changed
    assert run_cli("plan", "-o", "plan.json").exit_code == 1 and not (applied / "plan.json").exists()
    forced = run_cli("apply", "--auto-approve", "--force")
    assert forced.exit_code == 0, forced.output
    assert "warning POL001 policy denies replace of channel.Messenger FR" in forced.output
    assert "accepted with --force" in forced.output and "Apply complete." in forced.output


def test_a_warning_policy_is_shown_only(applied):
    write_policies(applied, POL001.replace("severity: error", "severity: warning"))
    replace_messenger(applied)
    planned = run_cli("plan", "--detailed-exitcode")
    assert planned.exit_code == 2  # changes, no error
    assert "warning POL001 policy denies replace of channel.Messenger FR" in planned.stdout
    assert run_cli("apply", "--auto-approve").exit_code == 0


def test_plan_is_bound_to_the_whole_plan(applied):
    write_policies(applied, """\
        policies:
          - id: ROLES-WITH-REPLACE
            description: No role is touched in a plan that replaces something
            deny: 'change.kind == "role" && plan.summary.replace > 0 && plan.changes.exists(c, c.action == "replace")'
        """)
    replace_messenger(applied)
    planned = run_cli("plan")
    denied = " ".join(line for line in planned.output.splitlines() if "error ROLES-WITH-REPLACE" in line)
    assert planned.exit_code == 1  # severity defaults to error
    assert "of role.Conseillers Social" in denied and "of role.Superviseurs" in denied and "channel." not in denied


def test_a_policy_that_does_not_compile_is_cf004_at_its_line(applied):
    write_policies(applied, """\
        policies:
          - id: POL001
            description: Channels are deleted only through a change request
            deny: 'change.kind == "channel" &&'
        """)
    for command in (("plan",), ("validate",), ("apply", "--auto-approve")):
        result = run_cli(*command)
        assert result.exit_code == 1
        assert "acdplan.yaml:4:11: error CF004 policy POL001: deny is not a CEL expression" in result.stderr
        assert "Traceback" not in result.output


def test_policy_ids_are_their_own(applied):
    write_policies(applied, """\
        policies:
          - {id: SK001, description: a, deny: 'false'}
        """)
    taken = run_cli("plan")
    assert taken.exit_code == 1 and "the id is the id of the built-in rule SK001" in taken.stderr
    write_policies(applied, """\
        policies:
          - {id: POL001, description: a, deny: 'false'}
          - {id: POL001, description: b, deny: 'true'}
        """)
    twice = run_cli("plan")
    assert twice.exit_code == 1 and "acdplan.yaml:3:10: error CF004 policy POL001: the id is already" in twice.stderr


def test_a_policy_that_cannot_decide_counts_as_denied(applied):
    write_policies(applied, """\
        policies:
          - {id: POL009, description: Typo in a field, deny: 'change.kinds == "channel"', severity: warning}
          - {id: POL010, description: Not a boolean, deny: 'change.kind', severity: warning}
        """)
    replace_messenger(applied)
    planned = run_cli("plan")
    assert "(counted as denied: it could not be evaluated: no such member in mapping: 'kinds')" in planned.stdout
    assert "(counted as denied: deny gave StringType, not a boolean)" in planned.stdout


def test_a_policy_cannot_run_unbounded(applied):
    numbers = "[" + ", ".join(str(n) for n in range(40)) + "]"
    nested = f"{numbers}.all(a, {numbers}.all(b, {numbers}.all(c, {numbers}.all(d, true))))"  # 2.5 million steps
    doubling = "[change.address]" + ".map(s, s + s)" * 60 + ".size() > 0"  # 2**60 characters
    write_policies(applied, f"""\
        policies:
          - {{id: LOOPS, description: nested macros, deny: '{nested}', severity: warning}}
          - {{id: GROWS, description: a growing string, deny: '{doubling}', severity: warning}}
        """)
    replace_messenger(applied)
    started = time.monotonic()
    planned = run_cli("plan")
    assert time.monotonic() - started < 30
    for policy in ("LOOPS", "GROWS"):
        lines = [line for line in planned.stdout.splitlines() if f"warning {policy} " in line]
        assert len(lines) == 3 and all("it went over its cost limit per change" in line for line in lines), lines
