"""The runbook is complete: for each kind and action, every value that changes is written out,
so a reviewer can follow it without the specs; in the screens' words and units, each once
(issue 20 item 7: no Python dicts or JSON, no "(was None)", no field said twice, nothing that
does not apply to the object)."""

from __future__ import annotations

import copy

import pytest

from acdplan.plan.changes import Action, AttributeChange, Change, Plan
from acdplan.report import plan_runbook
from acdplan.report.runbook_values import applies, leaves, said, words
from acdplan.report.ui_paths import annotate
from tests.plan.sandbox_runner import Sandbox
from tests.plan.small_tenant import AFTER, BEFORE


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
        assert_every_value_said(change, text)
    assert kinds == {"tenant", "skill", "channel", "role", "agent"}


def assert_every_value_said(change, text: str) -> None:
    """Each field of the object that applies to it is in its section: said once by the kind's own
    steps, or on its own "Enter" line in the screen's words."""
    for path, value in leaves(change.after):
        if value is None or not applies(change.kind, path, change.after):
            assert f"Enter {path}" not in text
            continue
        if said(change.kind, path, change.after):
            assert words(path, value).lower().replace("_", " ") in text.lower().replace("_", " "), (change.address, path)
        else:
            assert text.count(f": {words(path, value)}.") >= 1, (change.address, path, text)


PYTHONISMS = ("{'", "[[", "(was None)", '{"', "None", "True", "False")


def test_the_runbook_speaks_in_the_screens_words_and_units(tmp_path):
    plan, *_ = Sandbox(tmp_path).plan(AFTER)
    text = plan_runbook.render(plan)
    for pythonism in PYTHONISMS:
        assert pythonism not in text, pythonism
    assert "Enter media:" not in text and "Enter campaign:" not in text  # the skill's own step says them
    assert "Enter agent_application" not in text and "Enter sla" not in text.lower()  # the tenant's steps say them
    assert " min," not in text  # SLA times in the screen's days, hours and minutes
    assert "cxone_agent" not in text and "CXone Agent" in text  # the application as Admin names it
    assert "send_outbound" not in text and "search_cases" not in text  # the role screen's checkboxes


def test_an_email_channel_gets_no_instagram_option():
    change = Change("channel.Mail", "channel", "Mail", Action.CREATE,
                    after={"type": "email", "account": {"id": "a@b.fr", "professional": False,
                                                        "allow_message_access": False},
                           "default_skill": "S", "default_script": "X", "sla": "global"})
    plan = Plan("sandbox", "local", changes=[change])
    annotate(plan)
    text = plan_runbook.render(plan)
    assert "rofessional" not in text and "essage access" not in text
    assert "Enter Account > ID: a@b.fr." in text


def test_names_in_a_path_are_kept_as_written():
    change = Change("agent.a@x", "agent", "a@x", Action.UPDATE, before={}, after={}, attributes=[
        AttributeChange("skills.IG_Direct_FR", None, 1), AttributeChange("skills.MAIL_FR", 2, None)])
    role = Change("role.R", "role", "R", Action.UPDATE, before={}, after={}, attributes=[
        AttributeChange('channels["WhatsApp FR"]', ["reply", "send_outbound", "view"], ["reply", "view"])])
    plan = Plan("sandbox", "local", changes=[change, role])
    annotate(plan)
    text = plan_runbook.render(plan)
    assert "Set Skills > IG_Direct_FR to proficiency 1 (was empty)." in text
    assert "Clear Skills > MAIL_FR (was proficiency 2)." in text
    assert "Set Channels > WhatsApp FR to reply, view (was reply, send outbound, view)." in text
    assert '["' not in text


def test_an_update_of_a_mapping_is_said_field_by_field():
    change = Change("skill.S", "skill", "S", Action.UPDATE, before={}, after={}, attributes=[
        AttributeChange("routing", {"criteria": "proficiency"},
                        {"criteria": "preferred_agent", "preferred_agent": {"timeout_seconds": 900}}),
        AttributeChange("description", None, "x"),
        AttributeChange("service_level.threshold_seconds", 60, None)])
    plan = Plan("sandbox", "local", changes=[change])
    annotate(plan)
    text = plan_runbook.render(plan)
    assert "Set Routing > Criteria to preferred agent (was proficiency)." in text
    assert "Set Routing > Preferred agent > Timeout to 900 seconds (was empty)." in text
    assert "Set Description to x (was empty)." in text
    assert "Clear Service level > Threshold (was 60 seconds)." in text
    for pythonism in PYTHONISMS:
        assert pythonism not in text, pythonism


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
            assert_every_value_said(change, section)
        for attribute in change.attributes if change.action is Action.UPDATE else ():
            if isinstance(attribute.after, dict):
                for path, value in leaves(attribute.after, attribute.path + "."):
                    assert f" to {words(path, value)} " in section, (change.address, path)
            elif attribute.after is not None:
                assert f" to {words(attribute.path, attribute.after)} " in section, (change.address, attribute.path)
            assert "(was None)" not in section
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
