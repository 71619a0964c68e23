"""The tenant's working time: which real instants count toward an SLA (F28, docs: DOMAIN.md).

An instant counts when the tenant's wall clock, in its time zone, reads a time inside one of
the open periods of that weekday. Real elapsed time is what counts, so a period that spans a
DST change is an hour shorter in spring and an hour longer in autumn, and a wall time that does
not exist (the spring gap) never counts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY = timedelta(days=1)
_HOUR = timedelta(hours=1)
# A day with no open time for this long means the calendar never opens (e.g. periods only in a DST gap).
_MAX_CLOSED_DAYS = 400
# A deadline further than this is refused rather than searched for (an SLA of 10**9 days is a typo).
MAX_HORIZON_DAYS = 3660


class CalendarError(ValueError):
    """Working hours that cannot be computed with (an unknown time zone, a period backwards)."""


def parse_period(text: str) -> tuple[int, int]:
    """"08:30-12:30" -> (510, 750), minutes from midnight; "24:00" ends a day."""
    try:
        start, end = text.split("-")
        first = _minutes(start)
        last = _minutes(end)
    except ValueError:
        raise CalendarError(f"open period {text!r} is not HH:MM-HH:MM") from None
    if not (0 <= first < 24 * 60 and 0 < last <= 24 * 60):
        raise CalendarError(f"open period {text!r} is outside 00:00-24:00")
    if last <= first:
        raise CalendarError(f"open period {text!r} ends before it starts: split a night shift at midnight")
    return first, last


def _minutes(text: str) -> int:
    hours, minutes = text.strip().split(":")
    if len(minutes) != 2 or not (0 <= int(minutes) < 60):
        raise ValueError(text)
    return int(hours) * 60 + int(minutes)


def time_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise CalendarError(f"time zone {name!r} is not an IANA time zone name (e.g. Europe/Paris)") from None


def merged(periods: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Periods sorted, with overlapping or touching ones joined."""
    result: list[list[int]] = []
    for first, last in sorted(periods):
        if result and first <= result[-1][1]:
            result[-1][1] = max(result[-1][1], last)
        else:
            result.append([first, last])
    return tuple((first, last) for first, last in result)


@dataclass(frozen=True, slots=True)
class WorkingCalendar:
    """Open periods per weekday (Monday = 0), in minutes of the wall clock of `zone`."""

    zone: tzinfo
    week: tuple[tuple[tuple[int, int], ...], ...]
    # open_intervals by day: a week's table asks for the same days thousands of times
    _days: dict = field(default_factory=dict, compare=False, repr=False, hash=False)

    @classmethod
    def from_hours(cls, timezone: str, days: dict[str, list[str]] | tuple) -> WorkingCalendar:
        """From the spec's form: a time zone and `mon: ["08:00-12:00", ...]` (a missing day is closed)."""
        by_day = dict(days)
        try:
            return cls(time_zone(timezone),
                       tuple(merged([parse_period(text) for text in by_day.get(day) or ()]) for day in WEEKDAYS))
        except CalendarError as error:
            raise CalendarError(f"tenant.working_hours: {error}") from None

    @classmethod
    def always_open(cls, zone: tzinfo = UTC) -> WorkingCalendar:
        return cls(zone, tuple(((0, 24 * 60),) for _ in WEEKDAYS))

    @property
    def ever_open(self) -> bool:
        return any(self.week)

    def open_intervals(self, day: date) -> list[tuple[datetime, datetime]]:
        """The real (UTC) intervals during which the wall clock reads an open time of `day`.

        Between two offset changes wall time moves with real time, so each open period maps to
        real time piece by piece; the pieces come from the offsets in force around the day."""
        cached = self._days.get(day)
        if cached is None:
            cached = self._days[day] = self._open_intervals(day)
        return cached

    def _open_intervals(self, day: date) -> list[tuple[datetime, datetime]]:
        periods = self.week[day.weekday()]
        if not periods:
            return []
        intervals: list[tuple[datetime, datetime]] = []
        for low, high, offset in self._offset_pieces(day):
            for first, last in periods:
                wall_first = datetime.combine(day, time()) + timedelta(minutes=first)
                wall_last = datetime.combine(day, time()) + timedelta(minutes=last)
                start = max(wall_first - offset, low)
                end = min(wall_last - offset, high)
                if start < end:
                    intervals.append((start, end))
        intervals.sort()
        joined: list[tuple[datetime, datetime]] = []
        for start, end in intervals:
            if joined and start <= joined[-1][1]:
                joined[-1] = (joined[-1][0], max(joined[-1][1], end))
            else:
                joined.append((start, end))
        return [(start.replace(tzinfo=UTC), end.replace(tzinfo=UTC)) for start, end in joined]

    def _offset_pieces(self, day: date) -> Iterator[tuple[datetime, datetime, timedelta]]:
        """(naive UTC start, naive UTC end, offset) pieces of constant offset covering the day's
        wall clock (offsets are within +-26 h, so the day's instants lie in this window)."""
        low = datetime.combine(day, time()) - 27 * _HOUR
        high = datetime.combine(day, time()) + _DAY + 27 * _HOUR
        cursor, offset = low, self._offset(low)
        probe = cursor
        while probe < high:
            following = min(probe + _HOUR, high)
            if self._offset(following) != offset:
                change = self._first_change(probe, following, offset)
                yield cursor, change, offset
                cursor, offset = change, self._offset(change)
                probe = change
            else:
                probe = following
        yield cursor, high, offset

    def _offset(self, naive_utc: datetime) -> timedelta:
        return naive_utc.replace(tzinfo=UTC).astimezone(self.zone).utcoffset() or timedelta()

    def _first_change(self, low: datetime, high: datetime, offset: timedelta) -> datetime:
        """The first instant in (low, high] whose offset differs, to the second."""
        while high - low > timedelta(seconds=1):
            middle = low + (high - low) / 2
            middle = middle.replace(microsecond=0)
            if middle <= low:
                break
            if self._offset(middle) != offset:
                high = middle
            else:
                low = middle
        return high

    def add_working_time(self, start: datetime, minutes: int) -> datetime:
        """The instant when `minutes` of working time have run since `start` (an aware datetime).

        Outside working hours the clock waits for the next opening; the result is in the zone."""
        if start.tzinfo is None:
            raise ValueError("start must carry its UTC offset")
        start = start.astimezone(UTC)
        too_far = CalendarError(f"the deadline is more than {MAX_HORIZON_DAYS // 366} years of working time away")
        if minutes > MAX_HORIZON_DAYS * 24 * 60:  # working time never runs faster than real time
            raise too_far
        remaining = timedelta(minutes=minutes)
        if remaining <= timedelta():
            return start.astimezone(self.zone)
        if not self.ever_open:
            raise CalendarError("the working hours have no open period: no SLA deadline can be reached")
        day = start.astimezone(self.zone).date() - _DAY
        closed_days = 0
        last_day = day + timedelta(days=MAX_HORIZON_DAYS)
        while closed_days < _MAX_CLOSED_DAYS:
            if day > last_day:
                raise too_far
            counted = False
            for first, last in self.open_intervals(day):
                if last <= start:
                    continue
                counted = True
                begin = max(first, start)
                if remaining <= last - begin:
                    return (begin + remaining).astimezone(self.zone)
                remaining -= last - begin
            closed_days = 0 if counted else closed_days + 1
            day += _DAY
        raise CalendarError("the working hours never open: no SLA deadline can be reached")
