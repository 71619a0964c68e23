"""The runbook is complete: for each kind and action, every value that changes is written out,
so a reviewer can follow it without the specs."""

from __future__ import annotations

import copy

import pytest

from acdplan.plan.changes import Action, AttributeChange, Change, Plan
from acdplan.report import plan_runbook
from acdplan.report.ui_paths import _fields, _value, annotate
from tests.apply.test_crash_injection import AFTER, BEFORE
from tests.plan.sandbox_runner import Sandbox


def sections(text: str) -> dict[str, str]:
    """Runbook text by change: '3. create skill IG_FR' -> its lines."""
    found: dict[str, str] = {}
    current = None
    for line in text.splitlines():
        if line[:1].isdigit() and ". " in line:
            current = line.split(". ", 1)[1].split(" (MANUAL")[0]
            found[current] = ""
        elif current:
            found[current] += line + "\n"
    return found


def test_every_created_value_is_in_the_runbook(tmp_path):
    plan, *_ = Sandbox(tmp_path).plan(AFTER)
    book = sections(plan_runbook.render(plan))
    kinds = set()
    for change in plan.changes:
        if change.action is not Action.CREATE:
            continue
        kinds.add(change.kind)
        text = book[f"create {change.kind} {change.name}"]
        assert change.ui_path and change.ui_path in text
        for path, value in _fields(change.after):
            assert f"{path}: {_value(value)}" in text, (change.address, path)
    assert kinds == {"tenant", "skill", "channel", "role", "agent"}


def test_every_updated_value_and_replace_is_in_the_runbook(tmp_path):
    sandbox = Sandbox(tmp_path)
    sandbox.apply(BEFORE)
    changed = copy.deepcopy(BEFORE)
    changed["tenant"]["working_hours"] = {"timezone": "Europe/Paris", "mon": ["09:00-17:00"]}
    changed["tenant"]["sla"] = {"first_response": {"hours": 1}, "resolution": {"days": 1}}
    changed["skills"]["IG_FR"]["popurl"] = True
    changed["channels"]["IG"]["account"]["id"] = "2"  # replace: delete the old channel first
    changed["channels"]["IG"]["sla"] = {"first_response": {"hours": 4}}
    changed["roles"]["Agents"]["admin_permissions"] = ["skills.view", "digital_engagement.view"]
    changed["agents"]["a@example.com"]["skills"] = {"OLD_FR": 3, "IG_FR": 1}
    plan, *_ = sandbox.plan(changed)
    text = plan_runbook.render(plan)
    book = sections(text)
    for change in plan.changes:
        if not change.acts:
            continue
        section = book[f"{change.action.value} {change.kind} {change.name}"]
        if change.action is Action.REPLACE:  # made again: every value, as for a create
            for path, value in _fields(change.after):
                assert f"{path}: {_value(value)}" in section, (change.address, path)
        for attribute in change.attributes if change.action is Action.UPDATE else ():
            assert f"{attribute.path} to {_value(attribute.after)}" in section, (change.address, attribute.path)
    replace = book["replace channel IG"]
    assert "Delete the old channel" in replace and "NO, DIFFERENT" in replace
    assert "Working hours (Europe/Paris): mon 09:00-17:00" in book["update tenant settings"]
    assert "first response 0d 1h 0m" in book["update tenant settings"]
    assert "digital_engagement.view" in book["update role Agents"]
    assert "IG_FR (proficiency 1)" in book["update agent a@example.com"]


@pytest.mark.parametrize("kind,name", [("skill", "S"), ("channel", "C"), ("role", "R"), ("agent", "a@x")])
def test_a_deletion_says_where_and_what(kind, name):
    change = Change(f"{kind}.{name}", kind, name, Action.DELETE, before={"type": "email"})
    plan = Plan("sandbox", "local", changes=[change])
    annotate(plan)
    text = plan_runbook.render(plan)
    assert change.ui_path and change.ui_path in text
    assert name in text


def test_a_rename_says_from_what():
    change = Change("role.New", "role", "New", Action.UPDATE, before={}, after={}, renamed_from="Old",
                    attributes=[AttributeChange("description", None, "x")])
    plan = Plan("sandbox", "local", changes=[change])
    annotate(plan)
    assert "Rename 'Old' to 'New'." in plan_runbook.render(plan)
