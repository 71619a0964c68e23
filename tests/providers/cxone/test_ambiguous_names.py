"""Two tenant objects with one name are never a silent choice (issue 20, item 1): `import:`,
`--import-existing` and `acdplan import` refuse with IM002 / an error listing both ids, and
nothing of either object is planned. Through the command line, against the emulator."""

from __future__ import annotations

import pytest

from tests.conftest import run_cli
from tests.providers.cxone.batch_project import started_emulator, write_project

MAILBOX = "contact@example.com"


def mail_spec(imported: bool) -> dict:
    data = {
        "campaigns": {"Social": {}},
        "scripts": {"DFO_Email_Routing": {}},
        "skills": {"MAIL_FR": {"campaign": "Social"}},
        "channels": {"Mail FR": {"type": "email", "account": {"id": MAILBOX}, "default_skill": "MAIL_FR",
                                 "default_script": "DFO_Email_Routing"}},
        "roles": {"Agents": {"admin_permissions": ["skills.view", "digital_engagement.view"],
                             "channels": {"Mail FR": ["view", "reply"]}}},
    }
    if imported:
        data["import"] = {"channels": ["Mail FR"]}
    return data


@pytest.fixture
def two_mail_channels(tmp_path, monkeypatch):
    """A person made two channels named "Mail FR": another mailbox first, then the spec's."""
    data = mail_spec(imported=True)
    emulator = started_emulator(data)
    other = emulator.tenant.add_channel("Mail FR", "email", "other@example.com", studioScript="DFO_Email_Routing")
    ours = emulator.tenant.add_channel("Mail FR", "email", MAILBOX, studioScript="DFO_Email_Routing")
    write_project(tmp_path, emulator, data, monkeypatch)
    yield emulator, (other, ours), tmp_path, monkeypatch
    emulator.stop()


def assert_refused_listing_both(result, ids) -> None:
    assert result.exit_code == 1, result.output
    assert "IM002" in result.output
    for tenant_id in ids:
        assert tenant_id in result.output
    assert "replace" not in result.output.split("IM002")[0].lower().replace("to replace", "")
    assert "Traceback" not in result.output


def test_import_in_the_specs_of_an_ambiguous_name_is_an_error_listing_both(two_mail_channels):
    emulator, ids, *_ = two_mail_channels
    planned = run_cli("plan", "-e", "emu", "--no-color")
    assert_refused_listing_both(planned, ids)
    applied = run_cli("apply", "-e", "emu", "--auto-approve", "--no-color")
    assert applied.exit_code == 1 and "IM002" in applied.output
    assert emulator.tenant.find("channels", "id", ids[0])["idOnExternalPlatform"] == "other@example.com"
    assert run_cli("state", "list", "-e", "emu").output.strip() == ""  # nothing taken over


def test_import_existing_of_an_ambiguous_name_is_an_error_listing_both(two_mail_channels):
    emulator, ids, folder, monkeypatch = two_mail_channels
    write_project(folder, emulator, mail_spec(imported=False), monkeypatch)
    planned = run_cli("plan", "-e", "emu", "--no-color", "--import-existing")
    assert_refused_listing_both(planned, ids)
    assert "IM001" not in planned.output  # one message for the one problem


def test_the_import_command_refuses_an_ambiguous_name(two_mail_channels):
    _, ids, *_ = two_mail_channels
    result = run_cli("import", "-e", "emu", "channel.Mail FR", ids[1])
    assert result.exit_code == 1
    assert ids[0] in result.output and ids[1] in result.output
    assert run_cli("state", "list", "-e", "emu").output.strip() == ""


def test_a_second_object_with_the_name_of_a_managed_one_is_left_alone(tmp_path, monkeypatch):
    """Once acdplan manages one "Mail FR", its state's id decides: a person's second channel of
    that name is not acdplan's, and the plan goes on without touching it."""
    data = mail_spec(imported=True)
    emulator = started_emulator(data)
    try:
        ours = emulator.tenant.add_channel("Mail FR", "email", MAILBOX, studioScript="DFO_Email_Routing")
        write_project(tmp_path, emulator, data, monkeypatch)
        assert run_cli("apply", "-e", "emu", "--auto-approve", "--no-color").exit_code in (0, 3)
        other = emulator.tenant.add_channel("Mail FR", "email", "other@example.com", studioScript="DFO_Email_Routing")
        planned = run_cli("plan", "-e", "emu", "--no-color")
        assert planned.exit_code == 0, planned.output
        assert "IM002" not in planned.output and other not in planned.output
        shown = run_cli("state", "show", "-e", "emu", "channel.Mail FR")
        assert ours in shown.output
    finally:
        emulator.stop()


def test_two_users_whose_names_differ_only_in_case_are_one_ambiguous_name(tmp_path, monkeypatch):
    """CXone matches user names without case: an agent spec naming one of two such users is IM002,
    never the first one found."""
    data = {
        "campaigns": {"Social": {}},
        "skills": {"MAIL_FR": {"campaign": "Social"}},
        "roles": {"Agents": {}},
        "agents": {"alice@example.com": {"role": "Agents", "digital_engagement": True, "skills": {"MAIL_FR": 1}}},
    }
    emulator = started_emulator(data)
    try:
        first = emulator.tenant.find("agents", "userName", "alice@example.com")["agentId"]
        second = emulator.tenant.add_user("Alice@Example.com")
        write_project(tmp_path, emulator, data, monkeypatch)
        planned = run_cli("plan", "-e", "emu", "--no-color")
        assert planned.exit_code == 1 and "IM002" in planned.output, planned.output
        assert str(first) in planned.output and str(second) in planned.output
        assert run_cli("apply", "-e", "emu", "--auto-approve").exit_code == 1
        assert not emulator.tenant.find("agents", "agentId", first).get("DigitalEngagementEnabled")
    finally:
        emulator.stop()
