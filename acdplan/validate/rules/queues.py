"""Routing queue rules (RQ): queues are legacy; skills and Studio scripts route (F13, F14).

RQ001 (a queue the tenant does not have) needs the tenant, so the planner reports it.
"""

from __future__ import annotations

from acdplan.diagnostics import Severity
from acdplan.validate.rules.base import Finding, rule


@rule("RQ002", Severity.WARNING, "a channel reaches contacts through a routing queue filter: prefer skills and Studio",
      "route the channel with its default skill and Studio script, and drop it from the queue's filter",
      fact="F13, F14",
      why="Routing queues still work, but routing has moved to ACD digital skills and Studio scripts, which are "
          "easier to build and troubleshoot than queue rules.",
      bad="routing_queues:\n  Legacy Social:\n    filters:\n      Social: {included_channels: [Instagram Direct FR]}\n",
      good="routing_queues:\n  Legacy Social:\n    filters:\n      Social: {included_channels: []}\n")
def channel_in_queue_filter(context):
    for queue in context.spec.routing_queues.values():
        for filter_name, queue_filter in queue.filters.items():
            for index, channel in enumerate(queue_filter.included_channels):
                yield Finding(("routing_queues", queue.name, "filters", filter_name, "included_channels", index),
                              f"channel {channel!r} is routed through routing queue {queue.name!r} (filter "
                              f"{filter_name!r}): prefer its default skill and a Studio script", prefer_value=True)
