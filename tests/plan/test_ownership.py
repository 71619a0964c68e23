"""acdplan changes only what it manages (issue: ownership is explicit; replaces converge).

- a tenant object with a spec's name is taken over only through a visible import;
- hand-made entries of an agent's skills or a role's permissions are kept unless the list is
  declared exclusive, and the plan says which;
- an object an interrupted apply created is recognised as acdplan's own;
- a replace binds again, in the same apply, everything bound to the replaced object.
"""

from __future__ import annotations

import copy

from acdplan.plan import Action
from tests.plan.sandbox_runner import Sandbox
from tests.plan.small_tenant import BEFORE

SKILL = {"campaign": "Social", "media": "digital", "direction": "inbound", "accept_reject": False, "byoc": False,
         "personal_connection": False, "popurl": False, "sub_skill": False}


def _seeded(tmp_path, kind: str, name: str, body: dict) -> Sandbox:
    sandbox = Sandbox(tmp_path)
    provider = sandbox.provider()
    provider.seed(kind, name, body)
    provider.close()
    return sandbox


def _change(plan, address):
    return next(c for c in plan.changes if c.address == address)


def test_a_hand_made_object_with_a_specs_name_is_refused_not_taken_over(tmp_path):
    sandbox = _seeded(tmp_path, "skill", "IG_FR", SKILL)
    plan, *_ = sandbox.plan(BEFORE)
    assert [d.rule for d in plan.errors] == ["IM001"]
    assert "skill.IG_FR" in plan.errors[0].message and "import:" in plan.errors[0].message
    assert not _change(plan, "skill.IG_FR").acts


def test_import_in_the_specs_adopts_it_with_its_diff(tmp_path):
    sandbox = _seeded(tmp_path, "skill", "IG_FR", dict(SKILL, popurl=True))
    specs = dict(copy.deepcopy(BEFORE), **{"import": {"skills": ["IG_FR"]}})
    plan, *_ = sandbox.plan(specs)
    change = _change(plan, "skill.IG_FR")
    assert not plan.errors
    assert change.action is Action.UPDATE and change.adopt
    assert change.reason.startswith("import (listed under import: in the specs)")
    assert [(a.path, a.before, a.after) for a in change.attributes] == [("popurl", True, False)]
    assert plan.summary()["import"] == 1 and plan.summary()["update"] == 1
    _, result = sandbox.apply(specs)
    assert result.exit_code == 0
    assert "skill.IG_FR" in sandbox.state_resources()
    assert sandbox.pending(specs) == []


def test_import_existing_adopts_an_identical_object_as_an_import(tmp_path):
    sandbox = _seeded(tmp_path, "skill", "IG_FR", SKILL)
    plan, *_ = sandbox.plan(BEFORE, import_existing=True)
    change = _change(plan, "skill.IG_FR")
    assert change.action is Action.NOOP and change.adopt and not plan.errors
    assert plan.summary()["import"] == 1


def test_an_agents_hand_made_voice_skill_is_kept_and_shown(tmp_path):
    agent = {"role": "Agents", "skills": {"Voice_FR": 3}, "application": "cxone_agent", "digital_engagement": True}
    sandbox = _seeded(tmp_path, "agent", "a@example.com", agent)
    specs = dict(copy.deepcopy(BEFORE), **{"import": {"agents": ["a@example.com"]}})
    plan, *_ = sandbox.plan(specs)
    change = _change(plan, "agent.a@example.com")
    assert change.action is Action.UPDATE
    assert list(change.kept) == [("skills", "Voice_FR")]
    assert change.after["skills"] == {"OLD_FR": 1, "Voice_FR": 3}
    _, result = sandbox.apply(specs)
    assert result.exit_code == 0
    assert sandbox.tenant()["agent"]["a@example.com"]["skills"] == {"OLD_FR": 1, "Voice_FR": 3}
    assert sandbox.state_resources()["agent.a@example.com"]["document"]["skills"] == {"OLD_FR": 1}
    assert sandbox.pending(specs) == []  # kept, not drift: the next plan is empty


def test_an_exclusive_list_drops_what_the_spec_does_not_list(tmp_path):
    agent = {"role": "Agents", "skills": {"Voice_FR": 3}, "application": "cxone_agent", "digital_engagement": True}
    sandbox = _seeded(tmp_path, "agent", "a@example.com", agent)
    specs = dict(copy.deepcopy(BEFORE), **{"import": {"agents": ["a@example.com"]}})
    specs["agents"]["a@example.com"]["exclusive"] = ["skills"]
    plan, *_ = sandbox.plan(specs)
    change = _change(plan, "agent.a@example.com")
    assert list(change.kept) == []
    assert change.after["skills"] == {"OLD_FR": 1}
    sandbox.apply(specs)
    assert sandbox.tenant()["agent"]["a@example.com"]["skills"] == {"OLD_FR": 1}


def test_a_skill_acdplan_gave_and_the_spec_drops_is_removed_but_hand_made_ones_stay(tmp_path):
    sandbox = Sandbox(tmp_path)
    sandbox.apply(BEFORE)
    provider = sandbox.provider()  # someone adds a voice skill by hand
    body = dict(provider.document["objects"]["agent"]["a@example.com"])
    body["skills"] = {**body["skills"], "Voice_FR": 2}
    provider.store.append(provider.document, [{"op": "set", "path": ["objects", "agent", "a@example.com"],
                                               "value": body}])
    provider.close()
    specs = copy.deepcopy(BEFORE)
    specs["agents"]["a@example.com"]["skills"] = {"IG_FR": 1}
    plan, *_ = sandbox.plan(specs)
    change = _change(plan, "agent.a@example.com")
    assert change.after["skills"] == {"IG_FR": 1, "Voice_FR": 2}  # OLD_FR (acdplan's) goes, Voice_FR stays
    assert not change.drift
    sandbox.apply(specs)
    assert sandbox.pending(specs) == []


def test_a_role_keeps_hand_made_admin_permissions(tmp_path):
    role = {"admin_permissions": ["reports.view", "skills.view"], "channels": {"IG": ["reply", "view"]},
            "handles_contacts": True}
    sandbox = _seeded(tmp_path, "role", "Agents", role)
    specs = dict(copy.deepcopy(BEFORE), **{"import": {"roles": ["Agents"]}})
    plan, *_ = sandbox.plan(specs)
    change = _change(plan, "role.Agents")
    assert list(change.kept) == [("admin_permissions", "reports.view")]
    assert change.action is Action.NOOP and change.adopt  # the tenant already holds what the spec says


def test_an_object_an_interrupted_apply_created_is_recognised(tmp_path):
    sandbox = _seeded(tmp_path, "skill", "IG_FR", SKILL)
    store = sandbox.store()
    state = store.read()
    store.record_ops(state, [{"op": "set", "path": ["pending", "skill.IG_FR"], "value": "a-plan-id"}])
    store.close()
    plan, *_ = sandbox.plan(BEFORE)
    change = _change(plan, "skill.IG_FR")
    assert not plan.errors and change.adopt
    assert "an earlier apply set out to create it" in change.reason


def test_replacing_a_channel_binds_its_roles_again_and_converges(tmp_path):
    sandbox = Sandbox(tmp_path)
    sandbox.apply(BEFORE)
    specs = copy.deepcopy(BEFORE)
    specs["channels"]["IG"]["account"]["id"] = "99"
    plan, *_ = sandbox.plan(specs)
    replace = _change(plan, "channel.IG")
    role = _change(plan, "role.Agents")
    assert replace.action is Action.REPLACE and list(replace.rebinds) == ["role.Agents"]
    assert role.action is Action.UPDATE and "channel.IG" in role.depends_on
    assert "bind it again" in role.reason
    _, result = sandbox.apply(specs)
    assert result.exit_code == 0
    assert sandbox.pending(specs) == []
    assert sandbox.tenant()["role"]["Agents"]["channels"] == {"IG": ["reply", "view"]}


def test_replacing_a_skill_binds_agents_and_channels_again(tmp_path):
    sandbox = Sandbox(tmp_path)
    sandbox.apply(BEFORE)
    specs = copy.deepcopy(BEFORE)
    specs["skills"]["OLD_FR"]["direction"] = "outbound"
    specs["skills"]["OLD_FR"]["personal_connection"] = True
    plan, *_ = sandbox.plan(specs)
    assert sorted(_change(plan, "skill.OLD_FR").rebinds) == ["agent.a@example.com", "channel.IG"]
    _, result = sandbox.apply(specs)
    assert result.exit_code == 0
    assert sandbox.tenant()["agent"]["a@example.com"]["skills"] == {"OLD_FR": 1}
    assert sandbox.pending(specs) == []


def test_without_the_rebind_the_sandbox_shows_what_the_tenant_would_lose(tmp_path):
    """The sandbox models the tenant: a removed channel leaves its roles (so the rebind is needed)."""
    sandbox = Sandbox(tmp_path)
    sandbox.apply(BEFORE)
    provider = sandbox.provider()
    from acdplan.plan.changes import Change

    provider.apply_step(Change("channel.IG", "channel", "IG", Action.DELETE))
    provider.close()
    assert sandbox.tenant()["role"]["Agents"]["channels"] == {}


def test_an_object_a_person_made_for_a_manual_step_is_taken_over_by_the_next_plan(tmp_path):
    from acdplan.apply import apply_plan
    from tests.plan.small_tenant import AFTER, NeedsAPerson

    sandbox = Sandbox(tmp_path)
    sandbox.apply(BEFORE)
    plan, provider, store, state = sandbox.plan(AFTER, provider=NeedsAPerson(tmp_path / "sandbox.json", fsync=False))
    wanted = _change(plan, "channel.WA").after
    assert apply_plan(plan, provider, store, state).exit_code == 3
    provider.close()
    store.close()
    by_hand = sandbox.provider()
    by_hand.seed("channel", "WA", wanted)  # the person logs in with Facebook and creates the channel
    by_hand.close()
    plan, *_ = sandbox.plan(AFTER)
    assert not plan.errors
    assert _change(plan, "channel.WA").adopt
    _, result = sandbox.apply(AFTER)
    assert result.exit_code == 0 and sandbox.pending(AFTER) == []
