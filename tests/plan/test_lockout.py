"""The self-lockout guard (LO001): the applying user's own role keeps Skills - Create / Edit."""

from __future__ import annotations

import copy

import pytest
from click.testing import CliRunner

from acdplan.cli import main
from tests.plan.small_tenant import BEFORE

ADMIN = "admin@example.com"


def specs(admin_permissions: list[str]) -> dict:
    data = copy.deepcopy(BEFORE)
    data["roles"]["Admins"] = {"handles_contacts": False, "admin_permissions": admin_permissions,
                               "channels": {"IG": ["view"]}}
    data["agents"][ADMIN] = {"role": "Admins", "application": "max", "digital_engagement": True}
    return data


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "acdplan.yaml").write_text(
        f"environments:\n  sandbox:\n    provider: local\n    user: {ADMIN}\n")
    return tmp_path


def write_specs(project, data: dict) -> None:
    import yaml

    (project / "specs").mkdir(exist_ok=True)
    (project / "specs" / "all.yaml").write_text(yaml.safe_dump(data, sort_keys=False))


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_a_plan_that_takes_skill_permissions_from_the_applying_users_role_is_refused(project):
    write_specs(project, specs(["skills.view", "skills.create", "skills.edit"]))
    assert run("apply", "--auto-approve").exit_code == 0
    write_specs(project, specs(["skills.view"]))
    refused = run("apply", "--auto-approve")
    assert refused.exit_code == 1
    assert "LO001" in refused.output + refused.stderr
    assert "skills.create, skills.edit" in refused.output + refused.stderr
    assert run("plan", "--detailed-exitcode").exit_code == 1  # nothing ran
    forced = run("apply", "--auto-approve", "--force")
    assert forced.exit_code == 0


def test_moving_the_applying_user_to_a_role_without_them_is_refused(project):
    data = specs(["skills.view", "skills.create", "skills.edit"])
    data["roles"]["Viewers"] = {"handles_contacts": False, "admin_permissions": ["skills.view"],
                                "channels": {"IG": ["view"]}}
    write_specs(project, data)
    assert run("apply", "--auto-approve").exit_code == 0
    data["agents"][ADMIN]["role"] = "Viewers"
    write_specs(project, data)
    refused = run("plan")
    assert refused.exit_code == 1 and "moves from role 'Admins' to 'Viewers'" in refused.stderr


def test_other_roles_may_lose_them(project):
    data = specs(["skills.view", "skills.create", "skills.edit"])
    data["roles"]["Agents"]["admin_permissions"] = ["skills.view", "skills.create"]
    write_specs(project, data)
    assert run("apply", "--auto-approve").exit_code == 0
    data["roles"]["Agents"]["admin_permissions"] = ["skills.view"]
    write_specs(project, data)
    assert run("plan").exit_code == 0
