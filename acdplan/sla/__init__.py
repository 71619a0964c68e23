"""SLA deadlines: when a contact must be answered and resolved, in the tenant's working time (F26-F28)."""

from acdplan.sla.calendar import CalendarError, WorkingCalendar
from acdplan.sla.deadlines import Deadlines, channel_sla, deadlines, tenant_calendar, week_table

__all__ = ["CalendarError", "Deadlines", "WorkingCalendar", "channel_sla", "deadlines", "tenant_calendar", "week_table"]
