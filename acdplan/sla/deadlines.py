"""SLA deadlines of a channel's contacts: the channel's own SLA or the tenant's (F26), counted in
working time (F27, F28; docs: DOMAIN.md's "SLA durations").

An SLA of D days, H hours and M minutes is D*24*60 + H*60 + M minutes of working time: the
model already keeps each part in minutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from acdplan.model.objects import SLA, Channel, Spec
from acdplan.sla.calendar import WorkingCalendar


@dataclass(frozen=True, slots=True)
class Deadlines:
    """When a contact arriving on a channel must first be answered and be resolved (None: no SLA part)."""

    channel: str
    arrival: datetime
    first_response_due: datetime | None
    resolution_due: datetime | None

    def as_json(self) -> dict:
        """The `acdplan sla --format json` contract: ISO 8601 with the tenant's UTC offset, null where unset."""
        return {"channel": self.channel, "arrival": iso(self.arrival),
                "first_response_due": iso(self.first_response_due), "resolution_due": iso(self.resolution_due)}


def iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.isoformat(timespec="seconds" if moment.microsecond == 0 else "microseconds")


def tenant_calendar(spec: Spec) -> WorkingCalendar:
    """The tenant's working hours; a tenant without any (SL004 warns) counts every minute, in UTC."""
    hours = spec.tenant.working_hours
    if hours is None:
        return WorkingCalendar.always_open(UTC)
    return WorkingCalendar.from_hours(hours.timezone, hours.days)


def channel_sla(spec: Spec, channel: Channel) -> SLA | None:
    """The SLA that applies: `sla: global` is the tenant's (the guide's YES), a mapping its own."""
    if channel.sla == "global":
        return spec.tenant.sla
    return channel.sla if isinstance(channel.sla, SLA) else None


def local_arrival(calendar: WorkingCalendar, arrival: datetime) -> datetime:
    """An arrival as the tenant's wall clock reads it; a time given without offset is the tenant's."""
    if arrival.tzinfo is None:
        arrival = arrival.replace(tzinfo=calendar.zone)
    return arrival.astimezone(calendar.zone)


def deadlines(spec: Spec, channel: Channel, arrival: datetime, calendar: WorkingCalendar | None = None) -> Deadlines:
    calendar = calendar or tenant_calendar(spec)
    arrival = local_arrival(calendar, arrival)
    sla = channel_sla(spec, channel)

    def due(minutes: int | None) -> datetime | None:
        return None if minutes is None else calendar.add_working_time(arrival, minutes)

    return Deadlines(channel.name, arrival, due(sla.first_response if sla else None), due(sla.resolution if sla else None))


def week_arrivals(calendar: WorkingCalendar, first_day: date, every_minutes: int) -> list[datetime]:
    """Arrival times of one week from `first_day` 00:00 on the tenant's wall clock, every N minutes."""
    arrivals = []
    for offset in range(7):
        day = first_day + timedelta(days=offset)
        for minute in range(0, 24 * 60, every_minutes):
            wall = datetime.combine(day, time()) + timedelta(minutes=minute)
            arrivals.append(wall.replace(tzinfo=calendar.zone))
    return arrivals


def week_table(spec: Spec, first_day: date, every_minutes: int, channels: list[str] | None = None) -> list[Deadlines]:
    """Deadlines of every channel (or those named) for a week of arrival times."""
    calendar = tenant_calendar(spec)
    names = channels if channels is not None else sorted(spec.channels)
    arrivals = week_arrivals(calendar, first_day, every_minutes)
    return [deadlines(spec, spec.channels[name], arrival, calendar) for name in names for arrival in arrivals]


def monday_of(moment: datetime) -> date:
    return moment.date() - timedelta(days=moment.weekday())
