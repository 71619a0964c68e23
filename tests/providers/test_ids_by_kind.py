"""The tenant's ids kept by kind (acdplan/tenant.py, IdsByKind) read as the address -> id mapping
every provider gives: what a CXone read keeps without making an address per object."""

from __future__ import annotations

import json

from acdplan.tenant import IdsByKind


def test_ids_by_kind_read_as_a_mapping_of_addresses():
    ids = IdsByKind({"skill": {"A": 11, "B.x": "22"}, "agent": {"u@example.com": 7}, "role": {}})
    plain = {"skill.A": "11", "skill.B.x": "22", "agent.u@example.com": "7"}
    assert dict(ids) == plain and len(ids) == 3 and sorted(ids) == sorted(plain)
    assert ids["skill.B.x"] == "22" and ids.get("skill.C") is None and ids.get("nokind.A", "-") == "-"
    assert "agent.u@example.com" in ids and "skill.C" not in ids and "role." not in ids and 3 not in ids
    assert [held for held, held_id in ids.items() if held_id == "7"] == ["agent.u@example.com"]
    assert json.dumps(dict(ids), sort_keys=True) == json.dumps(plain, sort_keys=True)
