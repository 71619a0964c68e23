"""Routing queues: only the filters of queues the tenant already has (F14: none are created)."""

from __future__ import annotations

from dataclasses import dataclass, field

from acdplan.model.kinds.base import HandWork, Kind, Ref, Removal
from acdplan.model.values import construct, without_defaults

QUEUES = "ACD > Digital > Routing queues"


@dataclass(frozen=True, slots=True)
class QueueFilter:
    included_channels: tuple[str, ...] = ()
    included_skills: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RoutingQueue:
    name: str
    filters: dict[str, QueueFilter] = field(default_factory=dict)


def build(name: str, data: dict, tenant=None) -> RoutingQueue:
    filters = (data or {}).get("filters") or {}
    return RoutingQueue(name=name, filters={
        filter_name: construct(QueueFilter, None, included_channels=tuple(body.get("included_channels") or ()),
                               included_skills=tuple(body.get("included_skills") or ()))
        for filter_name, body in filters.items()})


def export(body: dict, context: dict) -> dict:
    return {"filters": {name: without_defaults(QueueFilter, dict(item)) for name, item in body.get("filters", {}).items()}}


def steps(action: str, name: str, body: dict) -> list[str]:
    lines = [f"Open {QUEUES} > {name} > Filters (F14)."]
    for filter_name, item in (body.get("filters") or {}).items():
        lines.append(f"Filter {filter_name}: channels {', '.join(item.get('included_channels', [])) or 'none'}; "
                     f"skills {', '.join(item.get('included_skills', [])) or 'none'}; Save.")
    return lines


KIND = Kind(
    name="routing_queue", section="routing_queues", model=RoutingQueue, build=build,
    refs=(Ref(("filters", "*", "included_channels"), "channel"), Ref(("filters", "*", "included_skills"), "skill")),
    removal=Removal.NEVER, creatable=False, export=export, label="routing queue",
    not_creatable="new routing queues cannot be created: remove it and route with an ACD digital skill and a Studio script",
    hand=HandWork(update=f"{QUEUES} > {{name}} > Filters > Conditions", steps=steps),
)
