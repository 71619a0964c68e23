"""The benchmark's synthetic tenants: valid, deterministic, and of the sizes the issue names."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from acdplan.validate import validate_path
from bench.generate import AGENTS_PER_FILE, SIZES, generate, tenant_files

ISSUE_COUNTS = {  # issue 5: skills, channels, roles, agents
    "S": (20, 5, 5, 100),
    "M": (200, 50, 30, 2_000),
    "L": (2_000, 500, 300, 20_000),
}


def _merged(files: dict[str, str]) -> dict:
    merged: dict = {}
    for relative in sorted(files):
        for section, body in yaml.load(files[relative], Loader=yaml.CSafeLoader).items():
            if isinstance(body, dict):
                for name in body:
                    assert name not in merged.get(section, {}), f"{section} {name} declared twice"
                merged.setdefault(section, {}).update(body)
            else:
                merged[section] = body
    return merged


def test_small_tenant_validates_with_zero_diagnostics(tmp_path: Path):
    specs = generate("S", tmp_path / "specs")
    result = validate_path(specs)
    assert [f"{d.rule} {d.file}:{d.line} {d.message}" for d in result.diagnostics] == []
    assert result.spec is not None


def test_small_tenant_changed_by_ten_percent_still_validates(tmp_path: Path):
    specs = generate("S", tmp_path / "specs", mutate=0.1)
    assert validate_path(specs).diagnostics == []


def test_generation_is_deterministic(tmp_path: Path):
    first = generate("M", tmp_path / "one")
    second = generate("M", tmp_path / "two")
    files_one = sorted(p.relative_to(first).as_posix() for p in first.rglob("*.yaml"))
    files_two = sorted(p.relative_to(second).as_posix() for p in second.rglob("*.yaml"))
    assert files_one == files_two
    for relative in files_one:
        assert (first / relative).read_bytes() == (second / relative).read_bytes(), relative


def test_another_seed_gives_another_tenant():
    assert tenant_files("S", seed=1) != tenant_files("S", seed=2)


@pytest.mark.parametrize("size", ["S", "M", "L"])
def test_object_counts_match_the_issue(size: str):
    files = tenant_files(size)
    merged = _merged(files)
    skills, channels, roles, agents = ISSUE_COUNTS[size]
    assert (SIZES[size].skills, SIZES[size].channels, SIZES[size].roles, SIZES[size].agents) == ISSUE_COUNTS[size]
    assert len(merged["skills"]) == skills
    assert len(merged["channels"]) == channels
    assert len(merged["roles"]) == roles
    assert len(merged["agents"]) == agents
    assert "routing_queues" not in merged
    agent_files = [name for name in files if name.startswith("agents/")]
    assert len(agent_files) == -(-agents // AGENTS_PER_FILE)
    assert any(name.startswith("skills/") for name in files)
    assert {"tenant.yaml", "catalog.yaml", "channels.yaml", "roles.yaml"} <= set(files)


def test_tenant_has_the_variety_users_have():
    merged = _merged(tenant_files("M"))
    skills, channels, agents = merged["skills"], merged["channels"], merged["agents"]
    assert any((s.get("routing") or {}).get("criteria") == "preferred_agent" for s in skills.values())
    assert any(s.get("direction") == "outbound" for s in skills.values())
    assert any(isinstance(c.get("sla"), dict) for c in channels.values())
    assert any(c.get("sla") == "global" for c in channels.values())
    applications = {a.get("application", "cxone_agent") for a in agents.values()}
    assert applications == {"cxone_agent", "max"}
    assert {c["type"] for c in channels.values()} >= {"instagram_direct", "instagram", "whatsapp", "email"}


def test_ten_percent_change_touches_a_tenth_of_skills_channels_and_agents():
    before, after = _merged(tenant_files("M")), _merged(tenant_files("M", mutate=0.1))
    for section, total in (("skills", 200), ("channels", 50), ("agents", 2_000)):
        changed = [name for name in before[section] if before[section][name] != after[section][name]]
        assert len(changed) == total // 10, section
    assert before["roles"] == after["roles"]
