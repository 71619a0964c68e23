"""The Digital Experience API (`/dfo/3.0` on the DFO host): channels as a bare array with page/size,
routing queues as `{hits, data}` with `size` only."""

from __future__ import annotations

from acdplan.emulator.fields import CHANNEL_QUERY, DFO_PAGE_MAX, NEW_CHANNEL_REQUIRED, ROUTING_QUEUE_QUERY
from acdplan.emulator.tenant import EmulatedTenant
from acdplan.emulator.wire import ApiError, Response, _int


class DfoApiMixin:
    """The DFO host's routes (cj: DigitalChannelService.ts, DigitalRoutingqueueService.ts)."""

    tenant: EmulatedTenant
    max_page_size: int
    dfo_max_page_size: int
    routing_queue_max_size: int

    def list_channels(self, request) -> Response:
        """getChannels: a bare array, page/size."""
        items = sorted(self.tenant.data["channels"].values(), key=lambda item: item["id"])
        return Response(200, self.dfo_page(request, items))

    def upsert_channel(self, request) -> Response:
        """createUpdateChannel: a NewChannel; an existing id is updated."""
        body = request.json()
        missing = [key for key in NEW_CHANNEL_REQUIRED if body.get(key) in (None, "")]
        if missing:
            raise ApiError(400, "InvalidArgument", f"missing required field(s): {', '.join(missing)}", missing[0])
        channel = self.tenant.data["channels"].get(body["id"])
        if channel is None:
            channel = self.tenant.data["channels"][body["id"]] = {}
            self.tenant.creates[("channels", body["name"])] += 1
        elif (channel["realExternalPlatformId"], channel["idOnExternalPlatform"]) != (
            body["realExternalPlatformId"],
            str(body["idOnExternalPlatform"]),
        ):
            raise ApiError(400, "InvalidArgument", "a channel's platform and account cannot change", "id")
        script = body.get("studioScript")
        if script and not any(item["scriptName"] == script for item in self.tenant.data["scripts"].values()):
            raise ApiError(400, "InvalidArgument", f"Studio script {script!r} does not exist", "studioScript")
        channel.update(body)
        return Response(200, dict(channel))

    def delete_channel(self, request) -> Response:
        if self.tenant.data["channels"].pop(request.params["id"], None) is None:
            raise ApiError(404, "NotFound", "no such channel", "channelId")
        return Response(204)

    def list_queues(self, request) -> Response:
        """searchRoutingQueues: {hits, data: [{id, name, isSubqueue, isDeleted}]}; `size`, no `page`."""
        unknown = sorted(set(request.query) - ROUTING_QUEUE_QUERY)
        if unknown:
            raise ApiError(400, "InvalidArgument", f"unknown parameter {unknown[0]}", unknown[0])
        if "size" in request.query and _int(request.query["size"], -1) < 1:
            raise ApiError(400, "InvalidArgument", "size must be a positive integer", "size")
        items = sorted(self.tenant.data["queues"].values(), key=lambda item: item["id"])
        if request.query.get("nameContains"):
            items = [item for item in items if request.query["nameContains"].lower() in item["name"].lower()]
        size = min(_int(request.query.get("size"), DFO_PAGE_MAX), self.routing_queue_max_size)
        return Response(200, {"hits": len(items), "data": [dict(item) for item in items[:size]]})

    def dfo_page(self, request, items: list[dict]) -> list[dict]:
        """page (from 1) and size, capped at the largest page."""
        for name in ("page", "size"):
            if name in request.query and _int(request.query[name], -1) < 1:
                raise ApiError(400, "InvalidArgument", f"{name} must be a positive integer", name)
        unknown = sorted(set(request.query) - CHANNEL_QUERY)
        if unknown:
            raise ApiError(400, "InvalidArgument", f"unknown parameter {unknown[0]}", unknown[0])
        largest = min(self.max_page_size, self.dfo_max_page_size)
        size = min(_int(request.query.get("size"), largest), largest)
        start = (_int(request.query.get("page"), 1) - 1) * size
        return [dict(item) for item in items[start : start + size]]
