"""Issue 20 item 7: a channel's `account.name` is planned on CXone too. No public channel
document holds it (cj ChannelV2), so what acdplan last applied stands for it, as for an agent's
role: once acdplan has written the channel, a plan is empty; a new name alone is a manual step
that says what to set (as a channel's default skill or SLA are, CXONE.md)."""

from __future__ import annotations

from acdplan.confirm import confirm
from tests.providers.cxone.conftest import seed_for, spec_data

CHANNEL = "channel.Instagram Direct FR"


def test_an_account_name_converges_once_applied_and_a_new_one_is_a_manual_step(cxone):
    data = spec_data()
    data["scripts"]["DFO_Other"] = {}
    seed_for(cxone.emulator, data, channels=True)
    assert cxone.apply(data)[1].exit_code == 0
    assert cxone.acting(data) == [] and cxone.manual(data) == []
    # A name and a new Studio script: the script is written by the API; the name is left to a person
    # (issue 19: a value no route writes is a manual step until confirmed), then the state keeps it.
    data["channels"]["Instagram Direct FR"]["account"]["name"] = "brand.fr"
    data["channels"]["Instagram Direct FR"]["default_script"] = "DFO_Other"
    _, result = cxone.apply(data)
    assert not [step for step in result.steps if step.error]
    assert result.exit_code == 3 and result.left_to_person == [CHANNEL]
    assert cxone.acting(data) == []
    confirm(cxone.environment, [CHANNEL])
    assert cxone.acting(data) == [] and cxone.manual(data) == []
    data["channels"]["Instagram Direct FR"]["account"]["name"] = "brand.officiel"
    assert cxone.acting(data) == [] and cxone.manual(data) == [CHANNEL]
    plan, provider, store, _ = cxone.plan(data)
    provider.close()
    store.close()
    [change] = [c for c in plan.changes if c.address == CHANNEL]
    assert "no public CXone API sets a channel's account" in change.manual_reason
    assert "brand.officiel" in change.manual_reason
