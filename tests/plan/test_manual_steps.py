"""The bookkeeping of manual steps across runs (acdplan/plan/manual_steps.py), on its own."""

from __future__ import annotations

from acdplan.plan.changes import Action, Change, Plan
from acdplan.plan.manual_steps import (
    ABSENT,
    asked_values,
    confirmation_operations,
    drifted_beyond,
    left_to_person,
    mark_pending,
    no_longer_asked,
    step_entry,
)
from acdplan.state.document import State, apply_operations


def state_with(steps: dict, resources: dict | None = None) -> State:
    return State({"lineage": "l", "serial": 1, "resources": resources or {}, "manual_steps": steps})


def test_a_manual_update_asks_for_the_fields_that_differ_and_is_pending_only_with_the_same_values():
    change = Change("skill.A", "skill", "A", Action.UPDATE, before={"routing": None, "popurl": True},
                    after={"routing": {"criteria": "proficiency"}, "popurl": True}, manual=True)
    assert asked_values(change) == {"routing": {"criteria": "proficiency"}}
    plan = Plan("e", "cxone", changes=[change])
    mark_pending(plan, state_with({"skill.A": step_entry("update", {"routing": {"criteria": "longest_idle"}}, "p")}))
    assert not change.pending  # other values: asked again
    mark_pending(plan, state_with({"skill.A": step_entry("update", asked_values(change), "p")}))
    assert change.pending and "acdplan confirm skill.A" in change.reason
    assert plan.summary()["pending"] == 1 and plan.summary()["update"] == 0 and plan.summary()["manual"] == 0


def test_what_a_step_cannot_write_is_recorded_as_the_tenant_held_it_and_asked_of_a_person():
    created = Change("skill.A", "skill", "A", Action.CREATE, after={"routing": {"criteria": "proficiency"},
                                                                      "byoc": False, "popurl": True})
    recorded, asked = left_to_person(created, {"routing": ABSENT, "byoc": False}, dict(created.after or {}))
    assert recorded == {"byoc": False, "popurl": True} and asked == {"routing": {"criteria": "proficiency"}}
    updated = Change("skill.A", "skill", "A", Action.UPDATE, before={"routing": {"criteria": "x"}, "popurl": False},
                     after={"popurl": True})
    recorded, asked = left_to_person(updated, {"routing": ABSENT}, {"popurl": True})
    assert recorded == {"popurl": True, "routing": {"criteria": "x"}} and asked == {"routing": None}


def test_only_values_other_than_the_asked_ones_are_drift():
    asked = step_entry("update", {"sub_skill": True, "countdown": {"seconds": 60, "unassign": True}}, "p")
    applied = {"sub_skill": False, "popurl": True}
    assert not drifted_beyond(applied, {"sub_skill": True, "popurl": True}, asked)
    assert not drifted_beyond(applied, {"sub_skill": False, "popurl": True, "countdown": {"seconds": 60}}, asked)
    assert drifted_beyond(applied, {"sub_skill": True, "popurl": False}, asked)


def test_confirming_records_the_values_and_who():
    state = state_with({"channel.C": step_entry("update", {"sla": "global", "description": None}, "p"),
                        "channel.N": step_entry("create", {"type": "email"}, "p")},
                       {"channel.C": {"id": "7", "document": {"type": "email", "description": "x"}}})
    document = state.document
    apply_operations(document, confirmation_operations(state, ["channel.C", "channel.N"], "camille"))
    assert document["resources"]["channel.C"] == {"id": "7", "document": {"type": "email", "sla": "global"},
                                                  "applied_at": document["confirmed"]["channel.C"]["at"]}
    assert document["resources"]["channel.N"]["document"] == {"type": "email"}
    assert document["manual_steps"] == {} and document["confirmed"]["channel.C"]["by"] == "camille"


def test_steps_of_objects_the_specs_dropped_are_forgotten_unless_the_plan_is_targeted():
    state = state_with({"channel.Gone": step_entry("create", {}, "p"), "channel.Kept": step_entry("update", {}, "p"),
                        "role.Unread": step_entry("update", {}, "p")})
    plan = Plan("e", "cxone", changes=[Change("channel.Kept", "channel", "Kept", Action.NOOP)])
    assert no_longer_asked(plan, state) == ["channel.Gone"]  # roles: none in this plan (unread): left alone
    plan.options = {"targets": ["channel.Kept"]}
    assert no_longer_asked(plan, state) == []
