"""The planner's short way for unchanged objects concludes what the long way would."""

from __future__ import annotations

import pytest

from acdplan.plan import Action
from acdplan.plan.changes import Unchanged
from acdplan.plan.serialize import plan_to_dict
from tests.plan.sandbox_runner import Sandbox
from tests.plan.small_tenant import BEFORE


def _applied(tmp_path):
    sandbox = Sandbox(tmp_path)
    sandbox.apply(BEFORE)
    return sandbox


def test_an_unchanged_tenant_plans_nothing_and_keeps_the_tenants_documents_as_text(tmp_path):
    sandbox = _applied(tmp_path)
    plan, tenant = sandbox.planned(BEFORE)
    assert plan.changes and not plan.has_changes
    for change in plan.changes:
        assert change.action is Action.NOOP and change.reason == "" and not change.drift and not change.adopt
        assert isinstance(change, Unchanged) and change.text == tenant.objects[change.kind].texts[change.name]
        assert change.before == change.after == tenant.objects[change.kind][change.name]
        assert change.before is not change.before  # decoded for each reader: the plan holds only the text


@pytest.mark.parametrize("folded", [False, True], ids=["journal to replay", "read as text"])
def test_equal_to_the_specs_but_not_what_acdplan_applied_is_recorded(tmp_path, folded):
    """The tenant was changed by hand to what the specs now say: the state learns it (drift),
    whether the state is read whole (a journal to replay) or with its documents as text."""
    sandbox = _applied(tmp_path)
    store = sandbox.store()
    state = store.read()
    recorded = dict(state.resources["skill.IG_FR"], document={**state.applied_document("skill.IG_FR"),
                                                              "description": "what acdplan once applied"})
    store.record(state, [{"op": "set", "path": ["resources", "skill.IG_FR"], "value": recorded}])
    if folded:
        store.checkpoint(state)
    store.close()
    plan, _ = sandbox.planned(BEFORE)
    change = next(c for c in plan.changes if c.address == "skill.IG_FR")
    assert change.action is Action.NOOP and change.adopt and change.drift
    assert change.reason == "changed outside acdplan to what the specs say: record it"
    assert [c.address for c in plan.changes if c.acts] == ["skill.IG_FR"]
    assert isinstance(next(c for c in plan.changes if c.address == "skill.OLD_FR"), Unchanged) == folded


def test_only_acting_changes_get_a_ui_path_and_json_gives_every_change_one(tmp_path):
    sandbox = _applied(tmp_path)
    changed = {**BEFORE, "skills": {**BEFORE["skills"], "IG_FR": {**BEFORE["skills"]["IG_FR"],
                                                                  "description": "changed"}}}
    plan, _ = sandbox.planned(changed)
    acting = [c for c in plan.changes if c.acts]
    assert [c.address for c in acting] == ["skill.IG_FR"] and acting[0].ui_path
    assert all(c.ui_path == "" for c in plan.changes if not c.acts)  # made only when written out
    written = plan_to_dict(plan)["changes"]
    assert all(entry["ui_path"] for entry in written)
    skill = next(entry for entry in written if entry["address"] == "skill.IG_FR")
    unchanged_skill = next(entry for entry in written if entry["kind"] == "skill" and entry["action"] == "noop")
    assert unchanged_skill["ui_path"] == skill["ui_path"].replace("IG_FR", unchanged_skill["name"])  # both edits


def test_objects_the_specs_do_not_name_are_unmanaged_or_deleted(tmp_path):
    sandbox = _applied(tmp_path)
    provider = sandbox.provider()
    provider.seed("skill", "Made_By_Hand", {"media": "digital", "direction": "inbound"})
    provider.close()
    fewer = {**BEFORE, "skills": {name: body for name, body in BEFORE["skills"].items() if name != "IG_FR"}}
    fewer["channels"] = {name: body for name, body in BEFORE.get("channels", {}).items()
                         if body.get("default_skill") != "IG_FR"}
    plan, _ = sandbox.planned(fewer)
    assert plan.unmanaged == ["skill.Made_By_Hand"]
    assert ("skill.IG_FR", Action.DELETE) in [(c.address, c.action) for c in plan.changes]


def test_one_changed_object_leaves_the_rest_of_its_kind_unchanged_as_text(tmp_path):
    """A kind in which one object changed is compared object by object: the others are still
    told unchanged by their text, the changed one is an update with its documents."""
    data = {**BEFORE, "agents": {f"u{i}@example.com": {"role": "Agents", "skills": {"IG_FR": 1}} for i in range(5)}}
    sandbox = Sandbox(tmp_path)
    sandbox.apply(data)
    changed = {**data, "agents": {**data["agents"], "u3@example.com": {"role": "Agents", "skills": {"IG_FR": 2}}}}
    plan, _ = sandbox.planned(changed)
    agents = {c.name: c for c in plan.changes if c.kind == "agent"}
    assert agents["u3@example.com"].action is Action.UPDATE
    assert agents["u3@example.com"].after["skills"] == {"IG_FR": 2}
    assert not isinstance(agents["u3@example.com"], Unchanged)
    assert all(isinstance(c, Unchanged) and c.action is Action.NOOP for n, c in agents.items() if n != "u3@example.com")
    assert [c.address for c in plan.changes if c.acts] == ["agent.u3@example.com"]
