"""Values shared by several kinds: durations (minutes, the one unit the model keeps) and SLAs."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from acdplan.model.durations import minutes_parts, text_minutes

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True)
class SLA:
    """First response and resolution times (F27), in minutes; None where the part is not set."""

    first_response: int | None = None
    resolution: int | None = None


@dataclass(frozen=True, slots=True)
class Demand:
    """A channel's contacts (docs/CAPACITY.md): per hour, as one rate for every working hour or
    as a week of hourly rates (`week[day][hour]`, Monday first), and how long they take."""

    handle_minutes: float
    contacts_per_hour: float | None = None  # one rate, during working hours
    week: tuple[tuple[float, ...], ...] | None = None  # or 7 x 24 rates of the wall clock, any hour
    patience_minutes: float | None = None
    goal_percent: float | None = None


def build_demand(data) -> Demand | None:
    if not isinstance(data, dict):
        return None
    rate = data.get("contacts_per_hour")
    week = None
    if isinstance(rate, dict):
        week = tuple(tuple(float(value) for value in (rate.get(day) or (0,) * 24)) for day in WEEKDAYS)
        rate = None
    return Demand(float(data.get("handle_minutes") or 0), None if rate is None else float(rate), week,
                  _number(data.get("patience_minutes")), _number(data.get("goal_percent")))


def _number(value) -> float | None:
    return None if value is None else float(value)


def duration_parts(value) -> tuple[int, int, int] | None:
    """(days, hours, minutes) of a duration written as a mapping or as text ("1d2h30m", "2 heures", ...)."""
    if value is None:
        return None
    if isinstance(value, str):  # a text says an amount: carried into the units (acdplan/model/durations.py)
        minutes = text_minutes(value)
        return None if minutes is None else minutes_parts(minutes)
    return (int(value.get("days", 0) or 0), int(value.get("hours", 0) or 0), int(value.get("minutes", 0) or 0))


def parse_duration(value) -> int | None:
    """A duration in minutes."""
    parts = duration_parts(value)
    if parts is None:
        return None
    days, hours, minutes = parts
    return (days * 24 + hours) * 60 + minutes


def build_sla(data) -> SLA | None:
    if not isinstance(data, dict):
        return None
    return SLA(parse_duration(data.get("first_response")), parse_duration(data.get("resolution")))



def duration_spec(minutes: int) -> dict:
    """Minutes as the spec's {days, hours, minutes}, zero parts left out (export)."""
    days, rest = divmod(int(minutes), 24 * 60)
    hours, minutes = divmod(rest, 60)
    kept = {key: value for key, value in (("days", days), ("hours", hours), ("minutes", minutes)) if value}
    return kept or {"minutes": 0}


def sla_spec(document: dict) -> dict:
    return {key: duration_spec(document[key]) for key in ("first_response", "resolution") if key in document}


def construct(cls: type, data: dict | None, **given: Any) -> Any:
    """An instance of a model class from the spec fields present in `data`.

    Only what the user wrote (and `given`) is passed, so the class's own field defaults are
    the only defaults: a kind states each default once.
    """
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = frozenset(f.name for f in dataclasses.fields(cls))
    for key, value in (data or {}).items():  # into `given`, this call's own dict: one dict, not two
        if key in names and value is not None and key not in given:
            given[key] = value
    return cls(**given)


_FIELD_NAMES: dict[type, frozenset[str]] = {}


def without_defaults(cls: type, body: dict) -> dict:
    """A document with the fields equal to the class's defaults left out (export writes less)."""
    defaults = {}
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING:
            defaults[f.name] = f.default
        elif f.default_factory is not dataclasses.MISSING:
            defaults[f.name] = f.default_factory()
    return {key: value for key, value in body.items() if not (key in defaults and _same(defaults[key], value))}


def _same(default, value) -> bool:
    if isinstance(default, frozenset | tuple | list):
        return sorted(default) == sorted(value) if isinstance(value, list | tuple) else False
    if isinstance(default, dict):
        return value == {} if not default else default == value
    return default == value
