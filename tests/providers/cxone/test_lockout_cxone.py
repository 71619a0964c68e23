"""Issue 19, item 8: LO001 on CXone. The applying user is the token's `icAgentId` claim found in
the agents list (auth-sdk cxone-user.js reads it from the id_token); a plan that takes Skills -
Create / Edit from that user's role is refused."""

from __future__ import annotations

import copy

from acdplan.confirm import confirm
from tests.providers.cxone.conftest import KEY_ID, KEY_SECRET, seed_for, spec_data


def test_the_applying_user_is_found_from_the_token_and_lo001_guards_its_role(cxone):
    data = spec_data()
    data["roles"]["Social Agents"] = {"admin_permissions": ["skills.create", "skills.edit", "skills.view"]}
    data["roles"]["Readers"] = {"admin_permissions": ["skills.view"]}
    seed_for(cxone.emulator, data, channels=True)
    cxone.emulator.add_credentials(KEY_ID, KEY_SECRET, user="alice@example.com")
    _, result = cxone.apply(data)
    assert result.exit_code == 3  # the roles' admin permissions: by hand (no public field)
    confirm(cxone.environment, [], everything=True)  # a person ticked them and says so
    plan, provider, store, _ = cxone.plan(data, force=False)
    assert provider.credential_user() == "alice@example.com"
    provider.close()
    store.close()
    assert not [c for c in plan.changes if c.acts] and not plan.errors

    moved = copy.deepcopy(data)
    moved["agents"]["alice@example.com"]["role"] = "Readers"
    plan, provider, store, _ = cxone.plan(moved, force=False)
    provider.close()
    store.close()
    refused = [d for d in plan.errors if d.rule == "LO001"]
    assert len(refused) == 1 and "alice@example.com" in refused[0].message
    assert "skills.create, skills.edit" in refused[0].message


def test_a_token_that_names_no_user_leaves_the_guard_nobody_to_protect(cxone):
    data = spec_data()
    seed_for(cxone.emulator, data, channels=True)
    plan, provider, store, _ = cxone.plan(data, force=False)
    assert provider.credential_user() is None
    provider.close()
    store.close()
    assert not [d for d in plan.diagnostics if d.rule == "LO001"]


def test_pf001_stops_the_apply_before_any_write_when_the_users_role_lacks_skills_create(cxone):
    data = spec_data()
    data["roles"]["Social Agents"] = {"admin_permissions": ["skills.view"]}
    seed_for(cxone.emulator, data, channels=True)
    cxone.emulator.add_credentials(KEY_ID, KEY_SECRET, user="alice@example.com")
    cxone.apply(data)
    confirm(cxone.environment, [], everything=True)
    more = copy.deepcopy(data)
    more["skills"]["NEW_FR"] = {"campaign": "Social"}
    plan, provider, store, state = cxone.plan(more)
    try:
        refusals = provider.preflight(plan)
        assert [d.rule for d in refusals] == ["PF001"] and refusals[0].is_error
        assert "skills.create" in refusals[0].message and "'Social Agents'" in refusals[0].message
    finally:
        provider.close()
        store.close()
    assert "NEW_FR" not in {skill["skillName"] for skill in cxone.emulator.tenant.data["skills"].values()}
