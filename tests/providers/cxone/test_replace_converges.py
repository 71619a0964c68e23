"""A replace converges through the CXone API too: a skill whose direction changes is a new skill in
the tenant, and the agents who held the old one are given the new one in the same apply."""

from __future__ import annotations

from acdplan.plan import Action
from tests.providers.cxone.conftest import seed_for, spec_data


def test_replacing_a_skill_gives_its_agents_the_new_one_and_the_next_plan_is_empty(cxone):
    data = spec_data()
    seed_for(cxone.emulator, data, channels=True)
    _, result = cxone.apply(data)
    assert result.exit_code == 0, [(s.change.address, s.error) for s in result.steps if s.error]
    changed = spec_data()
    changed["skills"]["MAIL_FR"].update(direction="outbound", personal_connection=True)
    plan, provider, store, _ = cxone.plan(changed)
    provider.close()
    store.close()
    replace = next(c for c in plan.changes if c.address == "skill.MAIL_FR")
    assert replace.action is Action.REPLACE
    assert sorted(replace.rebinds) == ["agent.alice@example.com", "agent.bob@example.com"]
    _, result = cxone.apply(changed)
    assert not [(s.change.address, s.error) for s in result.steps if s.status.value == "failed"]
    assert cxone.acting(changed) == []  # nothing left for the API: the agents hold the new skill
    tenant = cxone.emulator.tenant.dump()  # the emulator's own record, read without the provider
    [new_id] = [skill_id for skill_id, skill in tenant["skills"].items()
                if skill["skillName"] == "MAIL_FR" and skill.get("isActive", True)]
    assert tenant["skills"][new_id].get("isOutbound") is True
    retired = [skill for skill in tenant["skills"].values()
               if skill["skillName"].startswith("MAIL_FR") and skill["skillName"] != "MAIL_FR"]
    assert len(retired) == 1 and retired[0].get("isActive") is False  # the old one kept, deactivated
    holders = {key.split(":")[0] for key in tenant["assignments"] if key.split(":")[1] == new_id}
    assert len(holders) == 2  # alice and bob hold the new skill
