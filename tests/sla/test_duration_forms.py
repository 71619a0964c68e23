"""Issue 20 item 7: SLA durations accept the forms people write, or say exactly which forms are
valid with a did-you-mean; plans print SLA times with their units.

`first_response: "2 heures"`, `"2H"`, `"1h30"` got "expected 'global' or a mapping" and `"120m"`
got "minutes 120 is outside 0..59"; the text plan printed `sla.first_response: 240 -> 300`.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from acdplan.model.durations import minutes_text, text_minutes
from tests.conftest import run_cli

WHATSAPP_SLA = 'first_response: "4h"'


def set_first_response(project, text: str) -> None:
    channels = project / "specs" / "channels.yaml"
    channels.write_text(channels.read_text().replace(WHATSAPP_SLA, f"first_response: {text}"))


@pytest.mark.parametrize("text,minutes", [
    ('"2 heures"', 120), ('"2H"', 120), ('"1h30"', 90), ('"120m"', 120), ('"90 min"', 90), ('"2h 30m"', 150),
    ('"1 jour 2 heures"', 26 * 60), ('"1d2h30m"', 26 * 60 + 30), ('"PT2H30M"', 150), ('"1:30"', 90),
    ('"2 hours"', 120), ('"45 minutes"', 45), ("4h", 240), ('"3 jours"', 3 * 24 * 60)])
def test_the_common_forms_are_read(project, text, minutes):
    set_first_response(project, text)
    validated = run_cli("validate")
    assert validated.exit_code == 0, validated.output
    plan = json.loads(run_cli("plan", "--format", "json").stdout)
    whatsapp = next(c for c in plan["changes"] if c["address"] == "channel.WhatsApp FR")
    assert whatsapp["after"]["sla"]["first_response"] == minutes


@pytest.mark.parametrize("text,guess", [('"2 heurs"', "2h"), ('"90"', "90m"), ('"3 jous"', "3d"),
                                        ('"2 semaines"', None), ('"soon"', None)])
def test_an_unreadable_duration_names_the_forms_and_a_close_one(project, text, guess):
    set_first_response(project, text)
    result = run_cli("validate")
    assert result.exit_code == 1
    [line] = [line for line in result.output.splitlines() if " error " in line]
    assert " SL006 " in line and "is not a duration acdplan reads: write it as 1d2h30m, 2h, 90m, 1h30" in line
    assert "expected 'global' or a mapping" not in result.output and "SC001" not in result.output
    assert (f"did you mean {guess!r}?" in line) if guess else ("did you mean" not in line)


def test_a_mapping_part_out_of_range_is_still_sl002(project):
    set_first_response(project, "{minutes: 120}")
    result = run_cli("validate")
    assert result.exit_code == 1 and "SL002" in result.output and "minutes 120 is outside 0..59" in result.output


def test_the_text_plan_prints_sla_times_with_units(project):
    assert run_cli("apply", "--auto-approve").exit_code == 0
    set_first_response(project, '"5h"')
    tenant = project / "specs" / "tenant.yaml"
    tenant.write_text(tenant.read_text().replace("first_response: {hours: 1}", 'first_response: "1h30"'))
    text = run_cli("plan").stdout
    assert "      sla.first_response: 4h -> 5h\n" in text
    assert "      sla.first_response: 1h -> 1h 30m\n" in text
    assert run_cli("report", "-o", "report.html").exit_code == 0
    page = (project / "report.html").read_text(encoding="utf-8")
    assert "<td>sla.first_response</td><td><code>4h</code></td><td><code>5h</code></td>" in page
    document = json.loads(run_cli("plan", "--format", "json").stdout)  # data keeps minutes
    tenant_change = next(c for c in document["changes"] if c["address"] == "tenant.settings")
    assert tenant_change["after"]["sla"]["first_response"] == 90


@given(st.integers(min_value=0, max_value=400 * 24 * 60))
def test_the_unit_text_reads_back(minutes):
    assert text_minutes(minutes_text(minutes)) == minutes
