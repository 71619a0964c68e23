"""Issue 20 item 7: one message per error, and the right one.

A plan with errors printed the whole plan, each error twice (in the plan text and again on
stderr) and a "Plan:" summary after IM001/TG001; a bad --target printed the whole plan; `apply
list.json` was called a bad spec file (YM001) instead of a plan that cannot be read (PL001).
"""

from __future__ import annotations

import pytest

from tests.conftest import run_cli


def output_of(result) -> str:
    return result.stdout + result.stderr


@pytest.mark.parametrize("command", [("plan",), ("plan", "--format", "markdown"), ("plan", "--format", "runbook"),
                                     ("apply", "--auto-approve")])
def test_a_bad_target_is_one_error_with_a_did_you_mean_and_no_plan(project, command):
    result = run_cli(*command, "--target", "skill.IGD_Ventes_F")
    assert result.exit_code == 1
    message = "error TG001 --target 'skill.IGD_Ventes_F' is not an object of this plan; did you mean 'skill.IGD_Ventes_FR'?"
    assert output_of(result).count(message) == 1, output_of(result)
    assert result.stdout == ""  # no plan, no "Plan:" summary
    assert "Plan:" not in output_of(result) and "to create" not in output_of(result)


def test_the_json_plan_still_carries_its_diagnostics_once(project):
    result = run_cli("plan", "--format", "json", "--target", "skill.Nothing_Like_It")
    assert result.exit_code == 1
    assert result.stdout.count('"rule": "TG001"') == 1 and result.stderr.count("TG001") == 1


def test_an_unmanaged_tenant_object_is_one_error_and_no_summary(project):
    assert run_cli("apply", "--auto-approve").exit_code == 0
    assert run_cli("state", "rm", "skill.MAIL_SAV_FR").exit_code == 0
    for command in (("plan",), ("apply", "--auto-approve")):
        result = run_cli(*command)
        assert result.exit_code == 1
        assert output_of(result).count("error IM001 skill.MAIL_SAV_FR is in the tenant") == 1, output_of(result)
        assert "Plan:" not in output_of(result)


@pytest.mark.parametrize("content", ["[1, 2]", "[]", "", "null", "\ufeff[]"])
def test_a_json_file_that_is_no_plan_is_pl001(project, content):
    (project / "list.json").write_text(content, encoding="utf-8")
    for command in (("apply", "list.json"), ("show", "list.json")):
        result = run_cli(*command)
        assert result.exit_code == 1
        assert "error PL001 list.json" in output_of(result), output_of(result)
        assert "YM001" not in output_of(result)


def test_a_plan_file_of_a_newer_acdplan_is_pl001(project):
    """Issue 20 item 7: a format version from a newer acdplan is an error that says so."""
    assert run_cli("plan", "-o", "plan.json").exit_code == 0
    plan = project / "plan.json"
    plan.write_text(plan.read_text().replace('"format_version": 1,', '"format_version": 2,', 1))
    result = run_cli("apply", "plan.json")
    assert result.exit_code == 1
    assert "error PL001 plan.json was written by a newer acdplan (plan format_version 2" in output_of(result)


def test_a_spec_of_a_newer_format_says_so(project):
    tenant = project / "specs" / "tenant.yaml"
    tenant.write_text(tenant.read_text().replace("\nacdplan: 1\n", "\nacdplan: 2\n", 1))
    result = run_cli("validate")
    assert result.exit_code == 1
    assert "error SC001 acdplan: 2 is a spec format of a newer acdplan (this one reads 1): upgrade acdplan" \
        in result.output
