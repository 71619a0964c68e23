"""Change reasons are a closed set: every change carries a `Reason` member beside its sentence,
`plan --format json` shows it as `reason_code`, and the sentence users read is unchanged."""

from __future__ import annotations

import copy
import json

from acdplan.plan import Action
from acdplan.plan.reasons import Reason
from acdplan.plan.serialize import change_from_dict, change_to_dict
from tests.conftest import run_cli
from tests.plan.sandbox_runner import Sandbox

TENANT = {
    "tenant": {"dynamic_delivery": True},
    "campaigns": {"Social": {}}, "scripts": {"Routing": {}},
    "skills": {"IG_FR": {"campaign": "Social"}, "OLD_FR": {"campaign": "Social"}},
    "channels": {"IG": {"type": "instagram_direct", "account": {"id": "1", "professional": True,
                                                                  "allow_message_access": True},
                        "default_skill": "IG_FR", "default_script": "Routing", "sla": "global"}},
    "roles": {"Agents": {"admin_permissions": ["skills.view"], "channels": {"IG": ["reply", "view"]}}},
    "agents": {"a@example.com": {"role": "Agents", "digital_engagement": True, "skills": {"OLD_FR": 1}}},
}


def _codes(plan) -> dict[str, Reason]:
    for change in plan.changes:  # the closed set holds every change, and a sentence goes with a code
        assert isinstance(change.reason_code, Reason), change
        assert (change.reason_code is Reason.NONE) == (change.reason == ""), (change.address, change.reason)
    return {change.address: change.reason_code for change in plan.changes}


def test_each_action_says_why_with_a_code(tmp_path):
    sandbox = Sandbox(tmp_path)
    created, _ = sandbox.apply(TENANT)
    assert {code for address, code in _codes(created).items() if address != "tenant.tenant"} <= {
        Reason.CREATE_ABSENT, Reason.IMPORT}
    assert _codes(created)["skill.IG_FR"] is Reason.CREATE_ABSENT

    changed = copy.deepcopy(TENANT)
    del changed["skills"]["OLD_FR"]
    changed["agents"]["a@example.com"]["skills"] = {"IG_FR": 2}
    changed["channels"]["IG"]["account"]["id"] = "9"  # a channel's account: replaced, never updated
    changed["skills"]["IG_FR_2"] = changed["skills"].pop("IG_FR")
    changed["skills"]["IG_FR_2"]["renamed_from"] = "IG_FR"
    changed["channels"]["IG"]["default_skill"] = "IG_FR_2"
    changed["agents"]["a@example.com"]["skills"] = {"IG_FR_2": 2}
    plan, *_ = sandbox.plan(changed)
    codes = _codes(plan)
    assert codes["skill.OLD_FR"] is Reason.DELETE_BECAUSE_NO_SPEC
    assert codes["channel.IG"] is Reason.REPLACE_BECAUSE_CANNOT_UPDATE
    assert codes["skill.IG_FR_2"] is Reason.UPDATE_RENAMED
    assert codes["agent.a@example.com"] is Reason.UPDATE_DIFFERS
    assert codes["role.Agents"] is Reason.UPDATE_REBIND  # bound to the replaced channel
    reasons = {change.address: change.reason for change in plan.changes}
    assert reasons["skill.OLD_FR"].startswith("no longer in the specs")  # the sentence is today's
    assert reasons["skill.IG_FR_2"] == "renamed from 'IG_FR'"
    assert reasons["agent.a@example.com"] == "differs from the specs"


def test_the_json_plan_shows_the_code_beside_the_sentence(project):
    document = json.loads(run_cli("plan", "--format", "json").stdout)
    skills = [change for change in document["changes"] if change["kind"] == "skill"]
    assert skills and all(change["reason"] == "not in the tenant" for change in skills)
    assert all(change["reason_code"] == "create_absent" for change in skills)
    assert {change["reason_code"] for change in document["changes"]} <= {reason.value for reason in Reason}
    assert run_cli("apply", "--auto-approve").exit_code == 0
    again = json.loads(run_cli("plan", "--format", "json").stdout)
    assert {change["reason_code"] for change in again["changes"]} == {"none"}


def test_a_saved_plan_keeps_its_code_and_an_older_one_reads_as_none(tmp_path):
    plan, *_ = Sandbox(tmp_path).plan(TENANT)
    change = next(change for change in plan.changes if change.action is Action.CREATE)
    data = change_to_dict(change)
    assert change_from_dict(data).reason_code is Reason.CREATE_ABSENT
    del data["reason_code"]  # a plan saved before codes existed
    assert change_from_dict(data).reason_code is Reason.NONE
    assert change_from_dict({**data, "reason_code": "from_a_newer_acdplan"}).reason_code is Reason.NONE


def test_the_cli_reference_lists_every_code():
    from tests.conftest import REPO_ROOT

    reference = (REPO_ROOT / "docs" / "CLI.md").read_text(encoding="utf-8")
    assert all(f"`{reason.value}`" in reference for reason in Reason)
