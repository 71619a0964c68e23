"""The working-time clock against a slow reference that walks real time minute by minute.

The reference is the definition of F28 (docs: DOMAIN.md, "SLA durations"): a real minute counts
when the tenant's wall clock, at its start, reads an open time of that weekday.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acdplan.sla.calendar import WEEKDAYS, CalendarError, WorkingCalendar

MINUTE = timedelta(minutes=1)
# Zones with DST (northern and southern), a 30-minute DST shift, odd offsets, and none at all.
ZONES = ["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "America/St_Johns",
         "Pacific/Chatham", "UTC", "Europe/London"]
# DST changes of 2026 (both hemispheres) and ordinary weeks.
ANCHORS = [datetime(2026, 3, 28, tzinfo=UTC), datetime(2026, 3, 7, tzinfo=UTC), datetime(2026, 10, 24, tzinfo=UTC),
           datetime(2026, 10, 31, tzinfo=UTC), datetime(2026, 4, 4, tzinfo=UTC), datetime(2026, 9, 26, tzinfo=UTC),
           datetime(2026, 11, 27, tzinfo=UTC), datetime(2026, 6, 15, tzinfo=UTC)]


def reference_deadline(calendar: WorkingCalendar, start: datetime, minutes: int) -> datetime:
    """Walk minute by minute from `start` (on a whole minute) and count the open ones."""
    moment = start.astimezone(UTC)
    counted = 0
    while counted < minutes:
        wall = moment.astimezone(calendar.zone)
        now = wall.hour * 60 + wall.minute
        if any(first <= now < last for first, last in calendar.week[wall.weekday()]):
            counted += 1
        moment += MINUTE
    return moment


@st.composite
def periods(draw):
    """Up to three open periods of a day, on quarter hours, possibly touching or overlapping."""
    result = []
    for _ in range(draw(st.integers(0, 3))):
        first = draw(st.integers(0, 95)) * 15
        last = draw(st.integers(first // 15 + 1, 96)) * 15
        result.append(f"{first // 60:02d}:{first % 60:02d}-{last // 60:02d}:{last % 60:02d}")
    return result


@st.composite
def calendars(draw):
    days = {day: draw(periods()) for day in WEEKDAYS}
    if not any(days.values()):
        days[draw(st.sampled_from(WEEKDAYS))] = ["09:00-17:00"]
    return WorkingCalendar.from_hours(draw(st.sampled_from(ZONES)), days)


def weekly_open_minutes(calendar: WorkingCalendar) -> int:
    return sum(last - first for day in calendar.week for first, last in day)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(calendar=calendars(), anchor=st.sampled_from(ANCHORS), offset=st.integers(0, 4 * 24 * 60),
       share=st.floats(0, 2.5))
def test_deadline_matches_the_minute_by_minute_reference(calendar, anchor, offset, share):
    start = anchor + timedelta(minutes=offset)
    minutes = max(1, int(weekly_open_minutes(calendar) * share))
    expected = reference_deadline(calendar, start, minutes)
    # Compared in UTC: Python never finds a wall time of a repeated hour equal across zones (PEP 495).
    assert calendar.add_working_time(start, minutes).astimezone(UTC) == expected


@settings(max_examples=60, deadline=None)
@given(calendar=calendars(), anchor=st.sampled_from(ANCHORS), offset=st.integers(0, 3 * 24 * 60),
       first=st.integers(1, 600), second=st.integers(1, 600))
def test_working_time_adds_up(calendar, anchor, offset, first, second):
    """first + second minutes from a start = second minutes from (first minutes from the start)."""
    start = anchor + timedelta(minutes=offset)
    assert calendar.add_working_time(start, first + second).astimezone(UTC) == \
        calendar.add_working_time(calendar.add_working_time(start, first), second).astimezone(UTC)


PARIS = {"timezone": "Europe/Paris", "mon": ["08:30-12:30", "13:30-19:00"], "fri": ["08:30-18:00"],
         "sat": ["09:00-12:00"], "sun": ["01:00-04:00"]}


def due(days: dict, start: str, minutes: int) -> str:
    calendar = WorkingCalendar.from_hours(days["timezone"], {k: v for k, v in days.items() if k != "timezone"})
    return calendar.add_working_time(datetime.fromisoformat(start), minutes).isoformat()


def test_a_deadline_spans_the_weekend_and_the_lunch_break():
    # Friday 17:30 + 2 h: 30 min on Friday, 1 h 30 on Saturday morning.
    assert due({**PARIS, "sun": []}, "2026-11-27T17:30:00+01:00", 120) == "2026-11-28T10:30:00+01:00"
    # Saturday 11:00 + 3 h: 1 h on Saturday, Monday 08:30-10:30.
    assert due({**PARIS, "sun": []}, "2026-11-28T11:00:00+01:00", 180) == "2026-11-30T10:30:00+01:00"
    # Monday 12:00 + 1 h: 30 min before lunch, 30 min after.
    assert due(PARIS, "2026-11-30T12:00:00+01:00", 60) == "2026-11-30T14:00:00+01:00"


def test_the_clock_waits_for_the_opening_and_a_day_is_24_working_hours():
    # Arrival at night: the clock starts at 08:30; 1 day = 1,440 working minutes (F27, F28).
    assert due(PARIS, "2026-11-30T03:00:00+01:00", 60) == "2026-11-30T09:30:00+01:00"
    weekly = 570 + 570 + 180 + 180  # mon, fri, sat, sun
    assert due(PARIS, "2026-11-30T08:30:00+01:00", weekly) == "2026-12-06T04:00:00+01:00"


def test_dst_changes_shorten_and_lengthen_a_period():
    # Sunday 29 March 2026, Paris springs forward at 02:00: 01:00-04:00 holds 2 real hours.
    assert due(PARIS, "2026-03-29T01:00:00+01:00", 120) == "2026-03-29T04:00:00+02:00"
    # Sunday 25 October 2026, Paris falls back at 03:00: 01:00-04:00 holds 4 real hours.
    assert due(PARIS, "2026-10-25T01:00:00+02:00", 240) == "2026-10-25T04:00:00+01:00"
    assert due(PARIS, "2026-10-25T01:00:00+02:00", 180) == "2026-10-25T03:00:00+01:00"


def test_a_day_off_and_touching_periods():
    days = {"timezone": "UTC", "mon": ["09:00-12:00", "12:00-13:00"], "wed": ["00:00-24:00"]}
    assert due(days, "2026-11-30T09:00:00+00:00", 240) == "2026-11-30T13:00:00+00:00"  # due at closing
    assert due(days, "2026-11-30T09:00:00+00:00", 241) == "2026-12-02T00:01:00+00:00"  # Tuesday is off
    assert due(days, "2026-11-30T13:00:00+00:00", 1440) == "2026-12-03T00:00:00+00:00"


@pytest.mark.parametrize("days, message", [
    ({"timezone": "Mars/Olympus"}, "not an IANA time zone"),
    ({"timezone": "UTC", "mon": ["18:00-08:00"]}, "ends before it starts"),
    ({"timezone": "UTC", "mon": ["8h-12h"]}, "not HH:MM-HH:MM"),
])
def test_unusable_working_hours_are_explained(days, message):
    with pytest.raises(CalendarError, match=message):
        WorkingCalendar.from_hours(days["timezone"], {k: v for k, v in days.items() if k != "timezone"})


def test_hours_that_never_open_are_refused_not_looped_on():
    calendar = WorkingCalendar.from_hours("UTC", {})
    with pytest.raises(CalendarError, match="no open period"):
        calendar.add_working_time(datetime(2026, 1, 1, tzinfo=ZoneInfo("UTC")), 5)
    # Open only inside Paris's spring gap: exists on the map, never on the clock.
    gap = WorkingCalendar.from_hours("Europe/Paris", {"sun": ["02:00-02:30"]})
    assert gap.open_intervals(datetime(2026, 3, 29).date()) == []


def test_an_absurd_sla_is_refused_quickly():
    calendar = WorkingCalendar.from_hours("Europe/Paris", {"mon": ["09:00-10:00"]})
    with pytest.raises(CalendarError, match="more than 10 years"):
        calendar.add_working_time(datetime(2026, 1, 1, tzinfo=UTC), 10**9 * 1440)
    with pytest.raises(CalendarError, match="more than 10 years"):  # an hour a week: 10 years hold 522 hours
        calendar.add_working_time(datetime(2026, 1, 1, tzinfo=UTC), 600 * 60)
