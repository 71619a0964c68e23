"""Loopback HTTP servers speaking the published subset of NICE CXone's APIs.

Built from the public evidence listed in docs/CXONE.md (NICE's npm SDKs, the OpenAPI-generated
calljacob/nice-cxone-api, PSInContact, tap-nice-incontact), not from acdplan's provider:

- the issuer and admin API host (`url`): access-key login (`POST /authentication/v1/token/access-key`,
  JSON), the OpenID password grant, both discovery documents, the admin API under
  `/incontactapi/services/v{N}` (skip/top paging, 204 for nothing), User Hub role search;
- the Digital Experience host (`dfo_url`, a second port): `/dfo/3.0` with page/size paging,
  channels as a bare array, routing queues as `{hits, data}`.

Bodies are checked as published: wrapped PUT bodies (`{"skill": {...}}`, `{"agents": [...]}`), only
published field names (400 with the published error shape otherwise), per-item results. A route
with no public evidence is a 404. Faults on demand: latency, 429 with Retry-After (seconds or an
HTTP date), 500s and dropped connections, before or after the request is carried out; a seeded RNG;
and faults aimed at one route, each way a batch call can end (`route_faults.py`).

One module a concern: `fields.py` (what each route accepts), `wire.py` (errors, responses, body
checks), `auth.py` (issuer host), `admin_api.py`, `dfo_api.py`, `faults.py`, `http_server.py`
(the loopback server and handler); this module holds the settings, lifecycle and dispatch.
"""


from __future__ import annotations

import random
import re
import threading
import time
from collections.abc import Callable
from http.server import ThreadingHTTPServer

from acdplan.emulator.admin_api import AdminApiMixin
from acdplan.emulator.auth import AuthMixin
from acdplan.emulator.dfo_api import DfoApiMixin
from acdplan.emulator.faults import FaultsMixin
from acdplan.emulator.fields import ADMIN, ADMIN_PAGE_MAX, DFO, DFO_PAGE_MAX, ROUTING_QUEUE_SIZE_MAX
from acdplan.emulator.http_server import _Handler, _maybe_json, _Server
from acdplan.emulator.route_faults import RouteFaults
from acdplan.emulator.tenant import EmulatedTenant
from acdplan.emulator.wire import ApiError, Response, _error, _Request

__all__ = ["ApiError", "Emulator", "Response"]


class Emulator(AuthMixin, FaultsMixin, AdminApiMixin, DfoApiMixin):
    """start() it; point base_url_env at `url` and dfo_url_env at `dfo_url`; stop() it."""

    def __init__(
        self,
        port: int = 0,
        *,
        dfo_port: int = 0,
        latency_ms: float = 0,
        fail_rate: float = 0.0,
        throttle_rate: float = 0.0,
        drop_rate: float = 0.0,
        seed: int | None = 0,
        tenant_file=None,
        max_page_size: int = ADMIN_PAGE_MAX,
        dfo_max_page_size: int = DFO_PAGE_MAX,
        routing_queue_max_size: int = ROUTING_QUEUE_SIZE_MAX,
        token_lifetime: float = 3600.0,
        accept_any_credentials: bool = True,
        client_credentials: tuple[str, str] | None = None,
        refuse: tuple[str, ...] = (),
        record_calls: bool = False,
    ):
        self.port, self.dfo_port = port, dfo_port
        self.latency_ms = latency_ms
        self.fail_rate = fail_rate
        self.throttle_rate = throttle_rate
        self.drop_rate = drop_rate
        self.rng = random.Random(seed)
        self.rng_lock = threading.Lock()
        self.tenant = EmulatedTenant(tenant_file)
        self.max_page_size = max_page_size  # admin lists: the largest `top` honoured
        self.dfo_max_page_size = dfo_max_page_size  # channels: the largest `size` honoured
        self.routing_queue_max_size = routing_queue_max_size  # routing queues: the largest `size` honoured
        self.token_lifetime = token_lifetime
        self.accept_any_credentials = accept_any_credentials
        self.client_credentials = client_credentials
        self.refuse = set(refuse)  # route patterns answered 403 (a key without that permission)
        self.credentials: dict[str, str] = {}
        self.key_users: dict[str, str] = {}  # key id -> the username its tokens stand for
        self.tokens: dict[str, float] = {}
        self.issued_tokens: list[str] = []  # every token handed out (tests grep outputs for them)
        self.requests = 0
        self.faults_injected = 0
        self.route_faults = RouteFaults()  # faults aimed at one route (route_faults.py): add(method, path, kind)
        self.mutations = 0
        # (host, method, path, JSON body) of every API call, when asked for (contract tests)
        self.log: list[tuple[str, str, str, object]] | None = [] if record_calls else None
        self._servers: list[ThreadingHTTPServer] = []
        self._routes = self._build_routes()

    # --- lifecycle -----------------------------------------------------------------------------
    def start(self) -> Emulator:
        for host, port in (("api", self.port), ("dfo", self.dfo_port)):
            server = _Server(("127.0.0.1", port), _Handler)
            server.emulator = self  # type: ignore[attr-defined]
            server.host_kind = host  # type: ignore[attr-defined]
            threading.Thread(
                target=server.serve_forever, kwargs={"poll_interval": 0.05}, name=f"cxone-emulator-{host}", daemon=True
            ).start()
            self._servers.append(server)
        self.port = self._servers[0].server_address[1]
        self.dfo_port = self._servers[1].server_address[1]
        return self

    def stop(self) -> None:
        servers, self._servers = self._servers, []
        for server in servers:
            server.shutdown()
            server.server_close()

    def serve_forever(self) -> None:
        while self._servers:
            time.sleep(0.2)

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def dfo_url(self) -> str:
        return f"http://127.0.0.1:{self.dfo_port}"

    # --- test controls ---------------------------------------------------------------------------
    def dump(self) -> dict:
        return self.tenant.dump()

    def creates(self, collection: str, name: str) -> int:
        return self.tenant.creates[(collection, name)]

    # --- dispatch ------------------------------------------------------------------------------------
    def _build_routes(self) -> list[tuple[str, str, re.Pattern, Callable]]:
        table = [
            ("api", "GET", r"/\.well-known/openid-configuration", self.openid_configuration),
            ("api", "GET", r"/\.well-known/cxone-configuration", self.cxone_configuration),
            ("api", "POST", r"/authentication/v1/token/access-key", self.access_key_token),
            ("api", "POST", r"/auth/token", self.password_token),
            ("api", "GET", ADMIN + r"/business-unit", self.get_business_unit),
            ("api", "GET", ADMIN + r"/skills", self.list_skills),
            ("api", "POST", ADMIN + r"/skills", self.create_skills),
            ("api", "GET", ADMIN + r"/skills/(?P<id>\d+)", self.get_skill),
            ("api", "PUT", ADMIN + r"/skills/(?P<id>\d+)", self.put_skill),
            ("api", "GET", ADMIN + r"/campaigns", self.list_campaigns),
            ("api", "GET", ADMIN + r"/scripts/search", self.search_scripts),
            ("api", "GET", ADMIN + r"/message-templates", self.list_templates),
            ("api", "GET", ADMIN + r"/agents/skills", self.list_all_assignments),
            ("api", "POST", ADMIN + r"/agents/skills", self.post_agents_skills),
            ("api", "GET", ADMIN + r"/agents", self.list_agents),
            ("api", "PUT", ADMIN + r"/agents", self.put_agents),
            ("api", "PUT", ADMIN + r"/agents/(?P<id>\d+)", self.put_agent),
            ("api", "GET", ADMIN + r"/agents/(?P<id>\d+)/skills", self.list_agent_skills),
            ("api", "POST", ADMIN + r"/agents/(?P<id>\d+)/skills", self.add_agent_skills),
            ("api", "PUT", ADMIN + r"/agents/(?P<id>\d+)/skills", self.change_agent_skills),
            ("api", "DELETE", ADMIN + r"/agents/(?P<id>\d+)/skills", self.remove_agent_skills),
            ("api", "POST", r"/authorization/v1/roles/search", self.search_roles),
            ("api", "GET", ADMIN + r"/security-profiles", self.list_security_profiles),
            ("dfo", "GET", DFO + r"/channels", self.list_channels),
            ("dfo", "POST", DFO + r"/channels", self.upsert_channel),
            ("dfo", "DELETE", DFO + r"/channels/(?P<id>[^/]+)", self.delete_channel),
            ("dfo", "GET", DFO + r"/routing-queues", self.list_queues),
        ]
        return [(host, method, re.compile(pattern + r"/?$"), handler) for host, method, pattern, handler in table]

    def dispatch(self, method: str, path: str, query: dict, headers, body: bytes, host: str = "api") -> Response:
        dfo = host == "dfo"
        matched_path = False
        for route_host, route_method, pattern, handler in self._routes:
            match = pattern.match(path)
            if route_host != host or not match:
                continue
            matched_path = True
            if route_method != method:
                continue
            request = _Request(method, path, query, headers, body, match.groupdict())
            try:
                api = handler not in (
                    self.openid_configuration,
                    self.cxone_configuration,
                    self.access_key_token,
                    self.password_token,
                )
                if api:
                    self.authenticate(headers)
                    if any(re.search(refused, f"{method} {path}") for refused in self.refuse):
                        raise ApiError(403, "Forbidden", "the caller lacks the permission for this resource")
                    if self.log is not None:
                        self.log.append((host, method, path, _maybe_json(body)))
                with self.tenant.lock:
                    response = handler(request)
                    if api and method != "GET" and handler is not self.search_roles and response.status < 300:
                        self.mutations += 1
                        self.tenant.save()
                return response
            except ApiError as error:
                return _error(error, dfo)
        if matched_path:
            return _error(ApiError(405, "MethodNotAllowed", f"{method} is not allowed here"), dfo)
        return _error(ApiError(404, "NotFound", f"no such resource: {path}"), dfo)
