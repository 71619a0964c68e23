"""An optional value the specs leave out is not managed (`Kind.unmanaged_when_omitted`).

Terraform's optional+computed: once a skill's spec drops `service_level` (or never had it), the
tenant's value is neither compared with the omission nor written; writing it again manages it.
"""

from __future__ import annotations

import copy

from acdplan.model.kinds import REGISTRY
from tests.plan.sandbox_runner import Sandbox

DATA = {
    "campaigns": {"Social": {}},
    "skills": {
        "IG_FR": {"campaign": "Social", "service_level": {"goal_percent": 80, "threshold_seconds": 30}},
    },
}


def test_the_fields_left_to_the_tenant_when_omitted_are_declared():
    assert REGISTRY["skill"].unmanaged_when_omitted == ("service_level", "message_template")
    assert REGISTRY["channel"].unmanaged_when_omitted == ("default_script",)


def test_dropping_an_optional_field_from_the_specs_plans_nothing(tmp_path):
    sandbox = Sandbox(tmp_path)
    _, result = sandbox.apply(DATA)
    assert not result.failed
    dropped = copy.deepcopy(DATA)
    del dropped["skills"]["IG_FR"]["service_level"]
    assert sandbox.pending(dropped) == []  # the tenant keeps 80/30; nothing compared, nothing written
    assert sandbox.tenant()["skill"]["IG_FR"]["service_level"] == {"goal_percent": 80, "threshold_seconds": 30}
    changed = copy.deepcopy(DATA)
    changed["skills"]["IG_FR"]["service_level"]["goal_percent"] = 90
    assert sandbox.pending(changed) == [("skill.IG_FR", "update")]  # written in the spec: managed again
