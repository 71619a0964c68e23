"""renamed_from keeps an object's identity (and tenant id) for every kind that has a name."""

from __future__ import annotations

import copy

import pytest

from acdplan.model.kinds import MANAGED
from acdplan.plan import Action
from tests.plan.sandbox_runner import Sandbox
from tests.plan.small_tenant import BEFORE


def test_every_named_kind_can_be_renamed():
    renamable = {kind.name for kind in MANAGED if kind.renamable}
    assert renamable == {"skill", "channel", "role", "agent"}  # routing queues and the tenant are not ours to name


def _with_name(value, old: str, new: str):
    if isinstance(value, dict):
        return {(new if key == old else key): _with_name(item, old, new) for key, item in value.items()}
    if isinstance(value, list):
        return [_with_name(item, old, new) for item in value]
    return new if value == old else value


@pytest.mark.parametrize("section,old,new", [
    ("roles", "Agents", "Conseillers"),
    ("agents", "a@example.com", "alice@example.com"),
    ("skills", "IG_FR", "IGD_FR"),
    ("channels", "IG", "Instagram"),
])
def test_a_rename_is_an_update_that_keeps_the_tenant_id(tmp_path, section, old, new):
    sandbox = Sandbox(tmp_path)
    sandbox.apply(BEFORE)
    kind = next(k.name for k in MANAGED if k.section == section)
    tenant_id = sandbox.provider().read().ids[f"{kind}.{old}"]
    renamed = _with_name(copy.deepcopy(BEFORE), old, new)  # every reference follows the new name
    renamed[section][new]["renamed_from"] = old
    plan, *_ = sandbox.plan(renamed)
    change = next(c for c in plan.changes if c.address == f"{kind}.{new}")
    assert change.action is Action.UPDATE and change.renamed_from == old
    assert not any(c.action is Action.DELETE for c in plan.changes)
    _, result = sandbox.apply(renamed)
    assert result.exit_code == 0
    assert sandbox.provider().read().ids[f"{kind}.{new}"] == tenant_id
    assert sandbox.pending(renamed) == []
