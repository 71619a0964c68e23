"""The local sandbox provider: one adapter per kind, ids that never repeat, faithful removals."""

from __future__ import annotations

from acdplan.providers.local import LocalAdapter, LocalProvider
from tests.plan.sandbox_runner import Sandbox
from tests.plan.small_tenant import AFTER, BEFORE


def test_parallel_steps_never_share_a_tenant_id(tmp_path):
    sandbox = Sandbox(tmp_path)
    _, result = sandbox.apply(AFTER, parallelism=16)
    assert result.exit_code == 0
    ids = sandbox.provider().read().ids
    assert len(ids) == len(set(ids.values())) == len([c for c in result.steps])


def test_the_example_tenant_applied_at_parallelism_8_has_unique_ids(tmp_path):
    from acdplan.load import load_spec_folder
    from tests.conftest import EXAMPLE_SPECS

    data = load_spec_folder(EXAMPLE_SPECS).data
    sandbox = Sandbox(tmp_path)
    for _ in range(3):  # the race showed on some runs only
        _, result = sandbox.apply(data, parallelism=8)
    ids = list(sandbox.provider().read().ids.values())
    assert len(ids) == 22 and len(set(ids)) == 22


def test_an_adapter_is_found_by_kind(tmp_path):
    provider = LocalProvider(tmp_path / "s.json", fsync=False)
    adapters = {kind: provider.adapter(kind) for kind in ("tenant", "skill", "channel", "role", "agent")}
    assert all(isinstance(adapter, LocalAdapter) and adapter.kind == kind for kind, adapter in adapters.items())


def test_a_deactivated_skill_is_kept_inactive_and_comes_back_on_create(tmp_path):
    sandbox = Sandbox(tmp_path)
    sandbox.apply(BEFORE)
    sandbox.apply(AFTER)
    assert "OLD_FR" in sandbox.provider().document["inactive"]["skill"]
    sandbox.apply(BEFORE)
    assert "OLD_FR" not in sandbox.provider().document["inactive"]["skill"]


def test_a_sandbox_of_the_previous_format_is_read(tmp_path):
    import json

    path = tmp_path / "s.json"
    path.write_text(json.dumps({"format_version": 1, "serial": 3, "objects": {}, "ids": {}, "next_id": 4,
                                "inactive_skills": {"OLD": {"campaign": "Social"}}}))
    provider = LocalProvider(path, fsync=False)
    assert provider.document["inactive"] == {"skill": {"OLD": {"campaign": "Social"}}}
