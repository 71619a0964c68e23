"""`acdplan sla` end to end on the example project (Maison Lumière, Europe/Paris)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from acdplan.cli import main
from tests.conftest import run_cli

AT = "2026-11-27T16:30:00+01:00"  # a Friday, 90 minutes before closing


run = run_cli


def test_the_json_contract(project):
    result = run("sla", "Instagram Direct FR", "--at", AT, "--format", "json")
    assert result.exit_code == 0, result.output
    # 1 h of first response: Friday 17:30. 1 day = 1,440 working minutes: Friday 90, Saturday 180,
    # Monday 570, Tuesday 570, then 30 minutes on Wednesday.
    assert json.loads(result.output) == {
        "channel": "Instagram Direct FR", "arrival": AT,
        "first_response_due": "2026-11-27T17:30:00+01:00", "resolution_due": "2026-12-02T09:00:00+01:00"}
    assert list(json.loads(result.output)) == ["channel", "arrival", "first_response_due", "resolution_due"]


def test_a_channel_with_its_own_sla_and_an_arrival_in_another_offset(project):
    result = run("sla", "WhatsApp FR", "--at", "2026-11-27T15:30:00Z", "--format", "json")
    assert json.loads(result.output) == {
        "channel": "WhatsApp FR", "arrival": AT,  # shown with the tenant's offset
        "first_response_due": "2026-11-28T11:30:00+01:00",  # 4 h: Friday 90 min, Saturday 09:00 + 150
        "resolution_due": "2026-12-08T16:00:00+01:00"}  # 3 days = 4,320 working minutes


def test_null_where_the_channel_has_no_sla(project):
    channels = project / "specs" / "channels.yaml"
    text = channels.read_text().replace("    default_script: DFO_Email_Routing\n    sla: global\n",
                                        "    default_script: DFO_Email_Routing\n")
    channels.write_text(text)
    result = run("sla", "Email SAV", "--at", AT, "--format", "json")
    assert json.loads(result.output) == {"channel": "Email SAV", "arrival": AT,
                                         "first_response_due": None, "resolution_due": None}


def test_global_sla_with_one_part_only(project):
    tenant = project / "specs" / "tenant.yaml"
    tenant.write_text(tenant.read_text().replace("    resolution: {days: 1}\n", ""))
    result = run("sla", "Messenger FR", "--at", "2026-11-30T12:00:00+01:00", "--format", "json")
    assert json.loads(result.output)["first_response_due"] == "2026-11-30T14:00:00+01:00"  # lunch break skipped
    assert json.loads(result.output)["resolution_due"] is None


def test_the_week_table_in_every_format(project):
    text = run("sla", "WhatsApp FR", "--from", "2026-11-23", "--every", "6h")
    assert text.exit_code == 0, text.output
    lines = text.output.splitlines()
    assert lines[0].split() == ["channel", "arrival", "first", "response", "due", "resolution", "due"]
    assert len(lines) == 1 + 7 * 4
    assert "Sat 2026-11-28 18:00 +0100  Mon 2026-11-30 12:30 +0100" in text.output
    table = json.loads(run("sla", "--from", "2026-11-23", "--format", "json").output)
    assert len(table) == 4 * 7 * 6  # four channels, every 4 hours by default
    assert {row["channel"] for row in table} == {"Instagram Direct FR", "Messenger FR", "WhatsApp FR", "Email SAV"}
    assert table[0]["arrival"] == "2026-11-23T00:00:00+01:00"
    markdown = run("sla", "Email SAV", "--from", "2026-11-23", "--format", "markdown").output
    assert markdown.startswith("| channel | arrival | first response due | resolution due |\n|---|---|---|---|\n")
    assert markdown.count("\n| Email SAV |") == 42


def test_the_week_spans_the_dst_change(project):
    table = json.loads(run("sla", "Messenger FR", "--from", "2026-10-19", "--every", "1d", "--format", "json").output)
    assert table[-1]["arrival"] == "2026-10-25T00:00:00+02:00"
    # Sunday and Saturday afternoon are closed: Monday 08:30 (now +01:00) + 1 h.
    assert table[-1]["first_response_due"] == "2026-10-26T09:30:00+01:00"


@pytest.mark.parametrize("args, message", [
    (("sla", "WhatsApp", "--at", AT), "no channel 'WhatsApp' in the specs (did you mean 'WhatsApp FR'?)"),
    (("sla", "WhatsApp FR", "--at", "friday"), "is not an ISO 8601 time"),
    (("sla", "--every", "0"), "is not a step"),
])
def test_bad_input_is_explained(project, args, message):
    result = run(*args)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_unusable_working_hours_are_an_error_not_a_traceback(project):
    tenant = project / "specs" / "tenant.yaml"
    tenant.write_text(tenant.read_text().replace("Europe/Paris", "Europe/Lutece"))
    result = run("sla", "WhatsApp FR", "--at", AT)
    assert result.exit_code == 1
    assert "tenant.working_hours: time zone 'Europe/Lutece' is not an IANA time zone name" in result.output


def test_an_absurd_sla_is_an_error_not_a_hang(project):
    channels = project / "specs" / "channels.yaml"
    channels.write_text(channels.read_text().replace("resolution: {days: 3}", "resolution: {days: 99999999}"))
    result = run("sla", "WhatsApp FR", "--at", AT)
    assert result.exit_code == 1
    assert "error: the deadline is more than 10 years of working time away" in result.output


def test_an_arrival_at_the_end_of_time_is_an_error(project):
    result = run("sla", "WhatsApp FR", "--at", "9999-12-31T23:00:00+01:00")
    assert result.exit_code == 1
    assert "error: a deadline falls outside the calendar" in result.output


def test_without_working_hours_every_minute_counts_in_utc(project):
    tenant = project / "specs" / "tenant.yaml"
    text = tenant.read_text()
    start, end = text.index("  working_hours:"), text.index("  naming:")
    tenant.write_text(text[:start] + text[end:])
    result = CliRunner().invoke(main, ["sla", "Messenger FR", "--at", AT, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "warning: the tenant has no working hours (SL004): every minute counts, times in UTC" in result.stderr
    assert json.loads(result.stdout) == {
        "channel": "Messenger FR", "arrival": "2026-11-27T15:30:00+00:00",
        "first_response_due": "2026-11-27T16:30:00+00:00", "resolution_due": "2026-11-28T15:30:00+00:00"}
