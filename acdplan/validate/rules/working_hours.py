"""Working hours rules (WH): the time zone SLAs are counted in must exist (F28)."""

from __future__ import annotations

from functools import cache

from acdplan.diagnostics import Severity
from acdplan.validate.rules.base import Finding, rule


@cache
def iana_time_zones() -> frozenset[str]:
    """The IANA database: the system's, else the `tzdata` package (a dependency, for slim images)."""
    import zoneinfo

    return frozenset(zoneinfo.available_timezones())


def _is_zone(name: str) -> bool:
    """One zone looked up, not the whole database listed (listing walks every file of it: every
    validate would pay for it; only a name that is wrong needs the list, for the suggestion)."""
    import zoneinfo

    if name.startswith(("/", ".")) or ".." in name or name not in name.strip() or "\\" in name:
        return False  # ZoneInfo reads files: only plain IANA-shaped names are asked
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError, UnicodeError):
        return False
    if "/" in name and not name.startswith(("posix/", "right/")):
        return True  # an Area/Location name the database has
    return name in iana_time_zones()  # `UTC`, `CET`, or a file outside the IANA names: asked of the list


@rule("WH001", Severity.ERROR, "the working hours' time zone is not in the IANA time zone database",
      "write an IANA time zone name such as Europe/Paris or America/New_York", fact="F28",
      why="SLAs count only inside the working hours, in the tenant's time zone; a name the database does not "
          "know (`Mars/Olympus`, `CET+1`, `Paris`) gives no offset to count in.",
      bad="tenant:\n  working_hours: {timezone: Europe/Pariss, mon: [\"09:00-18:00\"]}\n",
      good="tenant:\n  working_hours: {timezone: Europe/Paris, mon: [\"09:00-18:00\"]}\n")
def unknown_time_zone(context):
    hours = context.spec.tenant.working_hours
    if hours is None or _is_zone(hours.timezone):
        return
    import difflib

    close = difflib.get_close_matches(hours.timezone, sorted(iana_time_zones()), n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ": use an IANA name such as Europe/Paris"
    shown = hours.timezone.encode("ascii", "backslashreplace").decode("ascii")
    yield Finding(("tenant", "working_hours", "timezone"),
                  f"time zone '{shown}' is not in the IANA time zone database{hint}", prefer_value=True)
