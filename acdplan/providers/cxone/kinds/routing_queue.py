"""Digital routing queues: listed by DFO `GET /routing-queues?size=500` ({hits, data: [{id, name,
isSubqueue, isDeleted}]}, cj:digitalEngagement/DigitalRoutingqueueService.ts, which publishes no
`page`). Nothing public reads or sets a queue's filters, and queues are never created (F14):
filters are a manual step with the values.
"""

from __future__ import annotations

from typing import ClassVar

from acdplan.plan.changes import Action, Change
from acdplan.providers.base import TenantSnapshot
from acdplan.providers.coverage import Operation
from acdplan.providers.cxone import routes
from acdplan.providers.cxone.client import CxoneClient
from acdplan.providers.cxone.kinds.base import Adapter, KindRead, Sources, values_text
from acdplan.report.ui_paths import ui_path


def list_queues(client: CxoneClient) -> list[dict]:
    return client.dfo_search(routes.ROUTING_QUEUES)


class RoutingQueueAdapter(Adapter):
    kind = "routing_queue"
    # a delete lets go of the queue (F14), no call; its filters are set by hand
    supports = frozenset({Operation.READ, Operation.DELETE})
    sources: ClassVar[Sources] = {"queues": list_queues}
    unread = ("filters",)  # searchRoutingQueues publishes id, name, isSubqueue, isDeleted only

    def build(self, raw: dict) -> KindRead:
        read = self.read_of_kind()
        for item in sorted(raw["queues"], key=lambda item: str(item.get("id"))):
            if not item.get("isDeleted"):
                read.keep(item.get("name"), item.get("id"), {"filters": {}})
        with self.context.lock:
            self.context.ids["routing_queue"] = dict(read.ids)
        return read

    def manual_reason(self, change: Change, snapshot: TenantSnapshot) -> str | None:
        if change.action is Action.DELETE:
            return None
        return (
            f"no public CXone API reads or sets a routing queue's filters: open {ui_path(change)} and set "
            f"{values_text(change.after or {}, ['filters'])}; acdplan cannot read them back, so the plan "
            f"keeps showing this step"
        )

    def delete(self, change: Change):
        return None  # a queue leaves acdplan's care; it is never removed (F14)
