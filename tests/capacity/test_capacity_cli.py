"""`acdplan capacity` on the example tenant, as a user runs it."""

from __future__ import annotations

import json

from tests.conftest import run_cli

KEYS = {"channel", "contacts_per_week", "agents", "first_response_target_minutes", "goal_percent",
        "predicted_percent", "predicted_abandon_percent"}


def test_json_is_one_object_per_channel_with_demand_exactly(project):
    result = run_cli("capacity", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [row["channel"] for row in rows] == ["Instagram Direct FR", "Messenger FR", "WhatsApp FR"]  # Email SAV has none
    assert all(set(row) == KEYS for row in rows)
    instagram = rows[0]
    assert instagram["contacts_per_week"] == 721.0  # 14 an hour over 51.5 working hours
    assert instagram["agents"] == 2 and instagram["first_response_target_minutes"] == 60
    assert instagram["goal_percent"] == 80 and 0 <= instagram["predicted_percent"] <= 100
    whatsapp = rows[2]
    assert whatsapp["first_response_target_minutes"] == 240 and whatsapp["goal_percent"] == 85  # its skill's goal
    assert whatsapp["predicted_abandon_percent"] > 0  # evening contacts wait the night; some give up


def test_seeded_runs_repeat_and_the_text_shows_the_confidence(project):
    first, again = run_cli("capacity"), run_cli("capacity")
    assert first.output == again.output
    assert "±" in first.output and "simulated weeks (seed 1)" in first.output
    other = run_cli("capacity", "--seed", "2")
    assert other.output != first.output


def test_one_channel_and_a_typo(project):
    one = run_cli("capacity", "WhatsApp FR", "--format", "markdown")
    assert one.exit_code == 0
    assert "| WhatsApp FR |" in one.output and "Instagram" not in one.output
    typo = run_cli("capacity", "Whatsapp FR")
    assert typo.exit_code == 1 and "did you mean 'WhatsApp FR'" in typo.output
    no_demand = run_cli("capacity", "Email SAV")
    assert no_demand.exit_code == 1 and "has no demand" in no_demand.output


def test_below_goal_exits_1(project):
    channels = project / "specs" / "channels.yaml"
    channels.write_text(channels.read_text().replace("contacts_per_hour: 14         # in every working hour",
                                                     "contacts_per_hour: 40         # in every working hour"))
    result = run_cli("capacity", "Instagram Direct FR")
    assert result.exit_code == 1
    assert "BELOW GOAL" in result.output


def test_demand_with_nobody_to_answer_is_cp001_at_its_line(project):
    roles = project / "specs" / "roles.yaml"
    roles.write_text(roles.read_text().replace("Instagram Direct FR: [view, reply, search_messages]",
                                               "Instagram Direct FR: [view, search_messages]"))
    result = run_cli("validate")
    assert result.exit_code == 1
    assert "specs/channels.yaml:15:5: error CP001 channel 'Instagram Direct FR' expects contacts" in result.output


def test_fmt_keeps_demand_and_the_schema_checks_it(project):
    assert run_cli("fmt", "--check", "specs").exit_code == 0
    channels = project / "specs" / "channels.yaml"
    channels.write_text(channels.read_text().replace("mon: [0, 0, 0, 0, 0, 0, 0, 2,", "mon: [0, 0, 0, 0, 0, 0, 2,")
                        .replace("handle_minutes: 8\n", "handle_minutes: 0\n"))
    result = run_cli("validate")
    assert result.exit_code == 1
    assert "error SC001 0 is out of range in channels.Messenger FR.demand.handle_minutes" in result.output
    assert "error SC001 a mapping is not valid in channels.WhatsApp FR.demand.contacts_per_hour" in result.output
