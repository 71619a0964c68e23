"""A saved plan is sealed: applied only as written, to the specs, state and tenant it was made from.

Each attack of the hostile-input review, end to end through the command line: a tampered change
list (with and without a recomputed digest), an empty or malformed file, specs edited after the
plan, a plan over the safety threshold, a plan that would delete what acdplan does not manage.
"""

from __future__ import annotations

import json
import shutil

import pytest

from acdplan.plan.seal import seal
from tests.conftest import run_cli

run = run_cli


def saved(project, *extra) -> dict:
    made = run("plan", "-o", "plan.json", *extra)
    assert made.exit_code == 0, made.output
    return json.loads((project / "plan.json").read_text())


def nothing_applied(project) -> bool:
    sandbox = project / ".acdplan" / "sandbox.json"
    return not sandbox.exists() or not any(json.loads(sandbox.read_text())["objects"].values())


def write(project, document: dict) -> None:
    (project / "plan.json").write_text(json.dumps(document))


def test_a_sealed_plan_applies_without_asking(project):
    saved(project)
    applied = run("apply", "plan.json")  # no --auto-approve, no terminal: it was reviewed when saved
    assert applied.exit_code == 0, applied.output
    assert "Apply complete." in applied.output
    assert run("plan", "--detailed-exitcode").exit_code == 0


def test_an_edited_change_list_is_refused(project):
    document = saved(project)
    document["changes"] = document["changes"][:3]
    write(project, document)
    refused = run("apply", "plan.json")
    assert refused.exit_code == 1
    assert "PL001" in refused.stderr and "changed after it was written" in refused.stderr
    assert nothing_applied(project)


def test_an_edited_plan_with_a_recomputed_digest_is_refused_by_the_re_plan(project):
    run("apply", "--auto-approve")
    document = saved(project)
    delete = {"address": "skill.IGD_Ventes_FR", "kind": "skill", "name": "IGD_Ventes_FR", "action": "delete",
              "before": {}, "after": None, "attributes": [], "depends_on": [], "manual": False, "ui_path": "",
              "reason": "no longer in the specs"}
    document["changes"] = [delete]
    write(project, seal({key: value for key, value in document.items() if key != "digest"}))
    refused = run("apply", "plan.json")
    assert refused.exit_code == 1
    assert "PL001" in refused.stderr and "not what these specs plan" in refused.stderr
    assert run("plan", "--detailed-exitcode").exit_code == 0  # nothing was deleted


@pytest.mark.parametrize("content", ["{}", "{", "[]", '{"changes": 3, "state_fingerprint": ""}', ""])
def test_an_empty_or_malformed_plan_file_is_a_clear_error(project, content):
    (project / "plan.json").write_text(content)
    refused = run("apply", "plan.json")
    assert refused.exit_code == 1
    assert "PL001" in refused.stderr or "error" in refused.stderr
    assert "Traceback" not in refused.output
    assert nothing_applied(project)


def test_specs_edited_after_the_plan_refuse_it(project):
    saved(project)
    skills = project / "specs" / "skills.yaml"
    skills.write_text(skills.read_text().replace("Instagram Direct sales questions", "Instagram DM sales"))
    refused = run("apply", "plan.json")
    assert refused.exit_code == 1
    assert "the specs changed" in refused.stderr


def test_the_safety_threshold_is_checked_again_at_apply(project):
    run("apply", "--auto-approve")
    (project / "specs" / "agents.yaml").unlink()
    document = saved(project, "--force")  # 9 agents of 22 objects: over 30%, accepted at plan time
    assert document["summary"]["delete"] == 9
    refused = run("apply", "plan.json")
    assert refused.exit_code == 1
    assert "SAFETY" in refused.stderr
    forced = run("apply", "--force", "plan.json")
    assert forced.exit_code == 0, forced.output


def test_a_plan_made_with_import_existing_applies_as_it_was_made(project):
    run("apply", "--auto-approve")
    shutil.rmtree(project / ".acdplan" / "state")  # a fresh checkout: the state is gone, the tenant is not
    assert run("plan").exit_code == 1  # IM001: nothing is taken over silently
    document = saved(project, "--import-existing")
    assert document["options"] == {"import_existing": True}
    assert document["summary"]["import"] == 22
    assert run("apply", "plan.json").exit_code == 0
    assert run("plan", "--detailed-exitcode").exit_code == 0
