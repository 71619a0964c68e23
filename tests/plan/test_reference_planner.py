"""The fast planner agrees with the plain one (acdplan/plan/reference.py) on generated tenants:
the same changes, in the same order, with the same documents, reasons and diagnostics.

Each example applies one generated spec into a sandbox, lets a person add or change objects by
hand (documents of a third spec), then plans a spec against it both ways. Planning the applied
spec again, untouched, runs make_plan's fastest path (whole kinds told unchanged by their text)."""

from __future__ import annotations

import json
import tempfile

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from acdplan.model import build_spec
from acdplan.model.documents import desired_documents
from acdplan.plan import make_plan
from acdplan.plan.changes import Unchanged
from acdplan.plan.reference import reference_plan
from acdplan.plan.serialize import change_to_dict
from tests.plan.sandbox_runner import Sandbox
from tests.plan.small_tenant import AFTER, BEFORE
from tests.plan.spec_strategies import specs

AGREEMENT = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def plan_shape(plan) -> str:
    """What a plan says, order and key order included (its id and time aside)."""
    return json.dumps({
        "changes": [change_to_dict(change) for change in plan.changes],
        "unmanaged": plan.unmanaged,
        "summary": plan.summary(),
        "diagnostics": [(d.rule, d.severity.value, d.message, list(d.path)) for d in plan.diagnostics],
    }, indent=1, default=str)


def assert_agree(sandbox: Sandbox, data: dict, import_existing: bool = False):
    fast = make_plan(sandbox.inputs(data, import_existing))
    reference = reference_plan(sandbox.inputs(data, import_existing))
    assert plan_shape(fast) == plan_shape(reference)
    return fast


def by_hand(sandbox: Sandbox, spec: dict, picks: set[int]) -> None:
    """Objects of `spec` put in the tenant as a person would: new ones, or over acdplan's own (drift)."""
    documents = [(kind, name, document) for kind, named in desired_documents(build_spec(spec)).items()
                 if kind != "tenant" for name, document in named.items()]
    provider = sandbox.provider()
    try:
        for index in sorted(picks):
            if index < len(documents):
                provider.seed(*documents[index])
    finally:
        provider.close()


@settings(AGREEMENT, max_examples=100)
@given(specs(), specs(), specs(), st.sets(st.integers(0, 25), max_size=4), st.sets(st.integers(0, 25), max_size=4),
       st.booleans(), st.booleans())
def test_the_fast_and_the_plain_planner_agree(applied, planned, hand, picks, made_as_planned, again, import_existing):
    with tempfile.TemporaryDirectory() as folder:
        sandbox = Sandbox(folder)
        _, result = sandbox.apply(applied)
        assert result.exit_code == 0
        by_hand(sandbox, hand, picks)  # other objects, or acdplan's changed (drift)
        by_hand(sandbox, applied if again else planned, made_as_planned)  # what the specs say, made by a person
        plan = assert_agree(sandbox, applied if again else planned, import_existing)
        for code in sorted({change.reason_code.value for change in plan.changes}):
            event(f"reason: {code}")  # --hypothesis-show-statistics: which paths the examples reached


@AGREEMENT
@given(specs())
def test_an_untouched_tenant_is_planned_by_text_alone_and_still_agrees(applied):
    with tempfile.TemporaryDirectory() as folder:
        sandbox = Sandbox(folder)
        sandbox.apply(applied)
        fast = assert_agree(sandbox, applied)
        assert fast.changes and all(change.__class__ is Unchanged for change in fast.changes)  # the fast path ran


def test_they_agree_on_renames_deletes_and_replaces(tmp_path):
    sandbox = Sandbox(tmp_path)
    sandbox.apply(BEFORE)
    renamed = json.loads(json.dumps(AFTER))
    renamed["skills"]["IG_FR_2"] = dict(renamed["skills"].pop("IG_FR"), renamed_from="IG_FR")
    renamed["channels"]["IG"]["default_skill"] = "IG_FR_2"
    renamed["channels"]["IG"]["account"]["id"] = "7"  # replaced
    renamed["agents"]["a@example.com"]["skills"] = {"IG_FR_2": 2, "WA_FR": 1}
    plan = assert_agree(sandbox, renamed)
    assert {change.action.value for change in plan.changes} >= {"create", "update", "replace", "delete"}


def test_they_agree_on_lifecycle_rules_and_removed_objects(tmp_path):
    sandbox = Sandbox(tmp_path)
    sandbox.apply(BEFORE)
    provider = sandbox.provider()
    try:  # a person changes a skill's service level and an agent's skills in the tenant
        tenant = provider.read()
        skill = dict(tenant.objects["skill"]["IG_FR"], service_level={"goal_percent": 50, "threshold_seconds": 30})
        provider.seed("skill", "IG_FR", skill)
    finally:
        provider.close()
    changed = json.loads(json.dumps(AFTER))
    changed["skills"]["IG_FR"]["lifecycle"] = {"ignore_changes": ["service_level"]}
    changed["channels"]["IG"]["account"]["id"] = "8"
    changed["channels"]["IG"]["lifecycle"] = {"prevent_destroy": True}  # LC003: the plan would replace it
    changed["removed"] = ["skill.OLD_FR"]
    plan = assert_agree(sandbox, changed)
    assert {d.rule for d in plan.diagnostics} >= {"LC003"}
    assert next(c for c in plan.changes if c.address == "skill.OLD_FR").forget
