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
"""

from __future__ import annotations

import base64
import contextlib
import email.utils
import json
import random
import re
import secrets
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from acdplan.emulator.route_faults import RouteFaults, report_first_success_failed
from acdplan.emulator.tenant import MEDIA_TYPE_NAMES, EmulatedTenant

ADMIN = r"/(?i:incontactapi)/services/v(?P<version>[0-9]+(?:\.[0-9]+)?)"
DFO = r"/dfo/3\.0"
# Fields each write takes, by their published names (cj: calljacob/nice-cxone-api src/services/...)
SKILL_CREATE_FIELDS = frozenset(
    {  # admin/AdminSkillsService.ts postSkills
        "mediaTypeId",
        "skillName",
        "divisionNo",
        "isOutbound",
        "outboundStrategy",
        "outboundTelecomRouteId",
        "campaignId",
        "callerIdOverride",
        "emailFromAddress",
        "emailFromEditable",
        "emailBccAddress",
        "scriptId",
        "reskillHours",
        "minWFIAgents",
        "minWFIAvailableAgents",
        "requireManualAccept",
        "interruptible",
        "enableParking",
        "minWorkingTime",
        "agentless",
        "agentlessPorts",
        "notes",
        "acwTypeId",
        "requireDisposition",
        "allowSecondaryDisposition",
        "stateIdACW",
        "maxSecondsACW",
        "agentRestTime",
        "displayThankyou",
        "thankYouLink",
        "popThankYou",
        "popThankYouURL",
        "makeTranscriptAvailable",
        "transcriptFromAddress",
        "priorityBlending",
        "callSuppressionScriptId",
        "useScreenPops",
        "screenPopTriggerEvent",
        "useCustomScreenPops",
        "screenPopType",
        "screenPopDetails",
        "initialPriority",
        "acceleration",
        "maxPriority",
        "serviceLevelThreshold",
        "serviceLevelGoal",
        "enableShortAbandon",
        "shortAbandonThreshold",
        "countShortAbandons",
        "chatWarningThreshold",
        "agentTypingIndicator",
        "patronTypingPreview",
        "smsTransportCodeId",
        "messageTemplateId",
        "dispositions",
        "deliverMultipleNumbersSerially",
        "cradleToGrave",
        "priorityInterrupt",
        "acwPostTimeoutStateId",
        "workItemQueueType",
        "evaluationCriteria",
        "FocusMetric",
        "EquityLevel",
        "FocusLock",
        "FallbackTime",
    }
)
SKILL_UPDATE_FIELDS = frozenset(
    {  # admin/AdminSkillsService.ts putSkillsId {skill: {...}}
        "skillName",
        "mediatypeid",
        "divisionNo",
        "campaignId",
        "callerIdOverride",
        "emailFromAddress",
        "emailFromEditable",
        "emailBccAddress",
        "scriptId",
        "reskillHours",
        "minWFIAgents",
        "minWFIAvailableAgents",
        "requireManualAccept",
        "interruptible",
        "isActive",
        "enableParking",
        "minWorkingTime",
        "agentless",
        "agentlessPorts",
        "notes",
        "acwTypeId",
        "requireDisposition",
        "allowSecondaryDisposition",
        "stateIdACW",
        "maxSecondsACW",
        "agentRestTime",
        "displayThankyou",
        "thankYouLink",
        "popThankYou",
        "popThankYouUrl",
        "makeTranscriptAvailable",
        "transcriptFromAddress",
        "priorityBlending",
        "callSuppressionScriptId",
        "useScreenPops",
        "screenPopTriggerEvent",
        "useCustomScreenPops",
        "screenPopType",
        "screenPopDetails",
        "initialPriority",
        "acceleration",
        "maxPriority",
        "serviceLevelThreshold",
        "serviceLevelGoal",
        "enableShortAbandon",
        "shortAbandonThreshold",
        "countShortAbandons",
        "chatWarningThreshold",
        "agentTypingIndicator",
        "patronTypingIndicator",
        "smsTransportCodeId",
        "messageTemplateId",
        "dispositions",
        "deliverMultipleNumbersSerially",
        "cradleToGrave",
        "priorityInterrupt",
        "acwPostTimeoutStateId",
        "outboundTelecomRouteId",
        "evaluationCriteria",
        "EquityLevel",
        "FallbackTime",
        "FocusLock",
        "FocusMetric",
    }
)
AGENT_UPDATE_FIELDS = frozenset(
    {  # admin/AdminAgentsService.ts operationsAgentsPutAgents (a subset we keep)
        "agentId",
        "firstName",
        "middleName",
        "lastName",
        "teamId",
        "reportToId",
        "internalId",
        "profileId",
        "roleId",
        "emailAddress",
        "userName",
        "isActive",
        "notes",
        "timeZone",
        "country",
        "state",
        "city",
        "custom1",
        "custom2",
        "custom3",
        "custom4",
        "custom5",
        "digitalEngagementEnabled",
        "maxConcurrentChats",
        "useTeamMaxConcurrentChats",
        "digitalThreshold",
        "useTeamDigitalThreshold",
        "channelLock",
        "agentIntegration",
    }
)
AGENT_SKILL_FIELDS = frozenset({"skillId", "proficiency", "isActive"})  # ps:New-ICAgentSkill.ps1
NEW_CHANNEL_REQUIRED = (
    "id",
    "idOnExternalPlatform",
    "channelIntegrationId",
    "realExternalPlatformId",
    "name",
    "isPrivate",
    "hasTreeStructure",
)  # digitalEngagement/DigitalChannelService.ts NewChannel
SKILL_NAME = re.compile(r"[A-Za-z0-9_.:-]{2,30}")
# Paging, as published: admin lists "skip/top (default 50, max 100)" (outboundani/cxone-mcp
# src/cxone.js listAll); the DFO's largest page is not published (100 here); routing queues take
# `size` and no `page` (cj:DigitalRoutingqueueService.ts searchRoutingQueues), and NICE's agent SDK
# reads them with size=500.
ADMIN_PAGE_DEFAULT = 50
ADMIN_PAGE_MAX = 100
DFO_PAGE_MAX = 100
ROUTING_QUEUE_SIZE_MAX = 500
ROUTING_QUEUE_QUERY = frozenset({"id[]", "nameContains", "withDeleted", "size", "isAssignableByMe", "isAssignableByUser"})
CHANNEL_QUERY = frozenset({"id[]", "isPrivate", "hasManualOutboundFlow", "withPermissionToManualOutbound", "size", "page",
                           "orderBy", "order"})  # cj:DigitalChannelService.ts getChannels


class ApiError(Exception):
    """An error answer: the admin API's `{error, errorDescription}`, the DFO's `{errors: [...]}`."""

    def __init__(self, status: int, error: str, description: str = "", field: str = ""):
        super().__init__(description or error)
        self.status, self.error, self.description, self.field = status, error, description, field


class Response:
    def __init__(self, status: int = 200, body=None, headers: dict | None = None):
        self.status, self.body, self.headers = status, body, headers or {}


class Emulator:
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
    def add_credentials(self, key_id: str, secret: str) -> None:
        self.credentials[key_id] = secret

    def set_faults(
        self,
        *,
        latency_ms: float | None = None,
        fail_rate: float | None = None,
        throttle_rate: float | None = None,
        drop_rate: float | None = None,
    ) -> None:
        if latency_ms is not None:
            self.latency_ms = latency_ms
        if fail_rate is not None:
            self.fail_rate = fail_rate
        if throttle_rate is not None:
            self.throttle_rate = throttle_rate
        if drop_rate is not None:
            self.drop_rate = drop_rate

    def expire_tokens(self) -> None:
        for token in list(self.tokens):
            self.tokens[token] = 0.0

    def dump(self) -> dict:
        return self.tenant.dump()

    def creates(self, collection: str, name: str) -> int:
        return self.tenant.creates[(collection, name)]

    # --- faults ------------------------------------------------------------------------------------
    def fault(self) -> str | None:
        with self.rng_lock:
            roll = self.rng.random()
            half = self.rng.random() < 0.5
        edge = 0.0
        for rate, kind in ((self.throttle_rate, "throttle"), (self.fail_rate, "fail"), (self.drop_rate, "drop")):
            edge += rate
            if roll < edge:
                self.faults_injected += 1
                return kind if kind == "throttle" else f"{kind}-{'before' if half else 'after'}"
        return None

    def retry_after(self) -> str:
        """Half the time in seconds, half as an HTTP date, both meaning 'now' (tests stay fast)."""
        with self.rng_lock:
            as_date = self.rng.random() < 0.5
        return email.utils.formatdate(time.time(), usegmt=True) if as_date else "0"

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

    # --- auth and discovery (the issuer host) ------------------------------------------------------
    def authenticate(self, headers) -> None:
        value = headers.get("Authorization", "")
        if not value.startswith("Bearer "):
            raise ApiError(401, "invalid_request", "a bearer token is required")
        expires = self.tokens.get(value[len("Bearer ") :])
        if expires is None:
            raise ApiError(401, "invalid_token", "the access token is not valid")
        if time.time() >= expires:
            raise ApiError(401, "invalid_token", "the access token expired")

    def openid_configuration(self, request) -> Response:
        return Response(
            200,
            {
                "issuer": self.url,
                "token_endpoint": self.url + "/auth/token",
                "authorization_endpoint": self.url + "/auth/authorize",
                "grant_types_supported": ["password", "authorization_code", "refresh_token"],
            },
        )

    def cxone_configuration(self, request) -> Response:
        """auth-sdk getCXoneConfiguration; common-sdk parseData: api_endpoint, area, domain, ..."""
        tenant_id = request.query.get("tenantId")
        if tenant_id != self.tenant.data["businessUnit"]["tenantId"]:
            raise ApiError(404, "NotFound", "unknown tenant")
        return Response(
            200,
            {
                "tenantId": tenant_id,
                "area": "emu1",
                "cluster": "emu1",
                "domain": "emulator.invalid",
                "acdDomain": "emulator.invalid",
                "uhDomain": "emulator.invalid",
                "api_endpoint": self.url,
                "auth_endpoint": self.url,
                "ui_endpoint": self.url,
            },
        )

    def _issue(self) -> Response:
        token = "emu-at-" + secrets.token_hex(16)
        claims = {
            "iss": self.url,
            "tenantId": self.tenant.data["businessUnit"]["tenantId"],
            "icBUId": self.tenant.data["businessUnit"]["businessUnitId"],
        }
        id_token = ".".join(_b64(part) for part in ({"alg": "none", "typ": "JWT"}, claims)) + "."
        refresh = "emu-rt-" + secrets.token_hex(16)
        self.tokens[token] = time.time() + self.token_lifetime
        self.issued_tokens += [token, id_token, refresh]
        return Response(
            200,
            {
                "access_token": token,
                "token_type": "Bearer",
                "expires_in": int(self.token_lifetime),
                "refresh_token": refresh,
                "id_token": id_token,
            },
        )

    def _check_key(self, key_id: str, secret: str) -> None:
        if key_id in self.credentials:
            if secret != self.credentials[key_id]:
                raise ApiError(401, "invalid_grant", "the access key id or secret is wrong")
        elif not (self.accept_any_credentials and key_id and secret):
            raise ApiError(401, "invalid_grant", "the access key id or secret is wrong")

    def access_key_token(self, request) -> Response:
        """ps:Connect-IC.ps1 and tap-nice-incontact: JSON {accessKeyId, accessKeySecret}."""
        body = request.json()
        if set(body) != {"accessKeyId", "accessKeySecret"}:
            raise ApiError(400, "invalid_request", "expected exactly accessKeyId and accessKeySecret")
        self._check_key(str(body["accessKeyId"]), str(body["accessKeySecret"]))
        return self._issue()

    def password_token(self, request) -> Response:
        form = {key: values[0] for key, values in parse_qs(request.body.decode("utf-8", "replace")).items()}
        if self.client_credentials is not None:
            expected = "Basic " + base64.b64encode(":".join(self.client_credentials).encode()).decode()
            if request.headers.get("Authorization", "") != expected:
                raise ApiError(401, "invalid_client", "the client id or secret is wrong")
        if form.get("grant_type") != "password" or form.get("scope") != "openid":
            raise ApiError(400, "unsupported_grant_type", "use grant_type=password with scope=openid")
        self._check_key(form.get("username", ""), form.get("password", ""))
        return self._issue()

    # --- admin API ------------------------------------------------------------------------------------
    def get_business_unit(self, request) -> Response:
        return Response(200, {"businessUnits": [dict(self.tenant.data["businessUnit"])]})

    def list_skills(self, request) -> Response:
        items = list(self.tenant.data["skills"].values())
        search = request.query.get("searchString")
        if search:
            items = [item for item in items if search.lower() in item["skillName"].lower()]
        return self.admin_page(request, items, "skills", "skillId")

    def get_skill(self, request) -> Response:
        skill = self.tenant.data["skills"].get(request.params["id"])
        if skill is None:
            raise ApiError(404, "NotFound", "no such skill")
        return Response(200, dict(skill))

    def _skill_problem(self, skill: dict, skill_id=None) -> str | None:
        name = skill.get("skillName")
        if not isinstance(name, str) or not SKILL_NAME.fullmatch(name):
            return f"invalid skill name {name!r}"
        if skill.get("mediaTypeId") not in MEDIA_TYPE_NAMES:
            return f"unknown media type {skill.get('mediaTypeId')}"
        if str(skill.get("campaignId")) not in self.tenant.data["campaigns"]:
            return f"campaign {skill.get('campaignId')} does not exist"
        template = skill.get("messageTemplateId")
        if template is not None and str(template) not in self.tenant.data["templates"]:
            return f"message template {template} does not exist"
        for other in self.tenant.data["skills"].values():
            if other["isActive"] and other["skillName"].lower() == name.lower() and other["skillId"] != skill_id:
                return f"a skill named {name!r} already exists"
        return None

    def create_skills(self, request) -> Response:
        """postSkills: {skills: [...]} -> {errorCount, skillsResults: [{success, error}]}; no ids."""
        body = request.json()
        _only(body, {"skills"}, "")
        items = body.get("skills")
        if not isinstance(items, list) or not items:
            raise ApiError(400, "InvalidArgument", "skills must be a non-empty list", "skills")
        results = []
        for index, item in enumerate(items):
            _only(item, SKILL_CREATE_FIELDS, f"skills[{index}]")
            skill = self.tenant.skill_defaults()
            skill.update(item)
            problem = self._skill_problem(skill)
            if problem:
                results.append({"success": False, "error": problem})
                continue
            self.tenant.store_skill(skill)
            self.tenant.creates[("skills", skill["skillName"])] += 1
            results.append({"success": True, "error": None})
        return Response(
            200, {"errorCount": sum(1 for result in results if not result["success"]), "skillsResults": results}
        )

    def put_skill(self, request) -> Response:
        """putSkillsId: {skill: {...}} -> {success, skillId}."""
        skill = self.tenant.data["skills"].get(request.params["id"])
        if skill is None:
            raise ApiError(404, "NotFound", "no such skill")
        body = request.json()
        _only(body, {"skill"}, "")
        fields = body.get("skill")
        if not isinstance(fields, dict):
            raise ApiError(400, "InvalidArgument", 'the body must be {"skill": {...}}', "skill")
        _only(fields, SKILL_UPDATE_FIELDS, "skill")
        updated = dict(skill)
        updated.update({key: value for key, value in fields.items() if key != "mediatypeid"})
        if "mediatypeid" in fields and fields["mediatypeid"] != skill["mediaTypeId"]:
            raise ApiError(400, "InvalidArgument", "the media type of a skill cannot change", "skill.mediatypeid")
        problem = self._skill_problem(updated, skill["skillId"]) if updated["isActive"] else None
        if problem:
            raise ApiError(400, "InvalidArgument", problem)
        campaign = self.tenant.data["campaigns"].get(str(updated.get("campaignId")))
        updated["campaignName"] = campaign["name"] if campaign else ""
        skill.clear()
        skill.update(updated)
        return Response(200, {"success": True, "skillId": skill["skillId"]})

    def list_campaigns(self, request) -> Response:
        return self.admin_page(request, list(self.tenant.data["campaigns"].values()), "campaigns", "id")

    def search_scripts(self, request) -> Response:
        items = list(self.tenant.data["scripts"].values())
        if request.query.get("scriptName"):
            items = [item for item in items if request.query["scriptName"].lower() in item["scriptName"].lower()]
        return self.admin_page(request, items, "scriptSearchDetails", "masterID")

    def list_templates(self, request) -> Response:
        return Response(200, {"messageTemplates": [dict(item) for item in self.tenant.data["templates"].values()]})

    def list_agents(self, request) -> Response:
        items = list(self.tenant.data["agents"].values())
        search = request.query.get("searchString")
        if search:
            items = [item for item in items if search.lower() in item["userName"].lower()]
        return self.admin_page(request, items, "agents", "agentId",
                               view=lambda item: {k: v for k, v in item.items() if k != "roleId"})  # not in GET

    def _agent(self, agent_id) -> dict:
        agent = self.tenant.data["agents"].get(str(agent_id))
        if agent is None:
            raise ApiError(404, "NotFound", f"no such agent {agent_id}")
        return agent

    def _update_agent(self, fields: dict) -> str | None:
        agent = self.tenant.data["agents"].get(str(fields.get("agentId")))
        if agent is None:
            return f"agent {fields.get('agentId')} does not exist"
        role_id = fields.get("roleId")
        if role_id is not None and role_id not in self.tenant.data["roles"]:
            return f"role {role_id} does not exist"
        for key, value in fields.items():
            if key == "digitalEngagementEnabled":
                agent["DigitalEngagementEnabled"] = bool(value)
            elif key != "agentId":
                agent[key] = value
        return None

    def put_agents(self, request) -> Response:
        """operationsAgentsPutAgents: {agents: [...]} -> {errorCount, agentResults: [{agentId, success, error}]}."""
        body = request.json()
        _only(body, {"agents"}, "")
        items = body.get("agents")
        if not isinstance(items, list) or not items:
            raise ApiError(400, "InvalidArgument", "agents must be a non-empty list", "agents")
        results = []
        for index, item in enumerate(items):
            _only(item, AGENT_UPDATE_FIELDS, f"agents[{index}]")
            _strings(item, ("agentId", "roleId"), f"agents[{index}]")
            problem = self._update_agent(item)
            results.append({"agentId": str(item.get("agentId")), "success": problem is None, "error": problem})
        return Response(
            200, {"errorCount": sum(1 for result in results if not result["success"]), "agentResults": results}
        )

    def put_agent(self, request) -> Response:
        """operationsAgentsPutAgentsId: {agent: {...}}."""
        self._agent(request.params["id"])
        body = request.json()
        _only(body, {"agent"}, "")
        fields = body.get("agent")
        if not isinstance(fields, dict):
            raise ApiError(400, "InvalidArgument", 'the body must be {"agent": {...}}', "agent")
        _only(fields, AGENT_UPDATE_FIELDS, "agent")
        problem = self._update_agent(dict(fields, agentId=request.params["id"]))
        if problem:
            raise ApiError(400, "InvalidArgument", problem)
        return Response(200, {})

    def _assignment_view(self, assignment: dict) -> dict:
        skill = self.tenant.data["skills"].get(str(assignment["skillId"]), {})
        return {
            **assignment,
            "skillName": skill.get("skillName"),
            "isSkillActive": skill.get("isActive", False),
            "mediaTypeId": skill.get("mediaTypeId"),
            "campaignId": skill.get("campaignId"),
            "campaignName": skill.get("campaignName"),
        }

    def list_all_assignments(self, request) -> Response:
        items = list(self.tenant.data["assignments"].values())
        return self.admin_page(request, items, "agentSkillAssignments", "agentId", view=self._assignment_view)

    def list_agent_skills(self, request) -> Response:
        agent = self._agent(request.params["id"])
        items = [item for item in self.tenant.data["assignments"].values() if item["agentId"] == agent["agentId"]]
        return self.admin_page(request, items, "agentSkillAssignments", "skillId", view=self._assignment_view)

    def _assign(self, agent_id: int, item: dict, where: str, change_only: bool = False) -> dict:
        _only(item, AGENT_SKILL_FIELDS, where)
        skill = self.tenant.data["skills"].get(str(item.get("skillId")))
        key = f"{agent_id}:{item.get('skillId')}"
        if skill is None or not skill["isActive"]:
            return {
                "agentId": agent_id,
                "skillId": item.get("skillId"),
                "success": False,
                "error": f"skill {item.get('skillId')} does not exist or is inactive",
            }
        level = item.get("proficiency")
        if level is not None and not (isinstance(level, int) and 1 <= level <= 20):
            return {
                "agentId": agent_id,
                "skillId": item.get("skillId"),
                "success": False,
                "error": f"proficiency {level!r} is not 1..20",
            }
        current = self.tenant.data["assignments"].get(key)
        if current is None and change_only:
            return {
                "agentId": agent_id,
                "skillId": item.get("skillId"),
                "success": False,
                "error": "the skill is not assigned to the agent",
            }
        assignment = current or {
            "agentId": agent_id,
            "skillId": skill["skillId"],
            "agentProficiencyValue": 1,
            "isActive": True,
        }
        if level is not None:
            assignment["agentProficiencyValue"] = level
        if item.get("isActive") is not None:
            assignment["isActive"] = bool(item["isActive"])
        self.tenant.data["assignments"][key] = assignment
        return {"agentId": agent_id, "skillId": skill["skillId"], "success": True, "error": None}

    def post_agents_skills(self, request) -> Response:
        """postAgentsSkills: {agentAndSkillDetails: [{agentIds, skills}]} -> {resultSet: {errorCount, skillResults}}."""
        body = request.json()
        _only(body, {"agentAndSkillDetails"}, "")
        details = body.get("agentAndSkillDetails")
        if not isinstance(details, list) or not details:
            raise ApiError(
                400, "InvalidArgument", "agentAndSkillDetails must be a non-empty list", "agentAndSkillDetails"
            )
        results = []
        for index, detail in enumerate(details):
            _only(detail, {"agentIds", "skills"}, f"agentAndSkillDetails[{index}]")
            _strings(detail, ("agentIds",), f"agentAndSkillDetails[{index}]")
            for number, item in enumerate(detail.get("skills") or []):
                _strings(item, ("skillId",), f"agentAndSkillDetails[{index}].skills[{number}]")
            for agent_id in detail.get("agentIds") or []:
                agent = self.tenant.data["agents"].get(str(agent_id))
                for number, item in enumerate(detail.get("skills") or []):
                    if agent is None:
                        results.append(
                            {
                                "agentId": agent_id,
                                "skillId": item.get("skillId"),
                                "success": False,
                                "error": f"agent {agent_id} does not exist",
                            }
                        )
                        continue
                    results.append(
                        self._assign(agent["agentId"], item, f"agentAndSkillDetails[{index}].skills[{number}]")
                    )
        return Response(
            200, {"resultSet": {"errorCount": sum(1 for r in results if not r["success"]), "skillResults": results}}
        )

    def _agent_skill_items(self, request) -> list[dict]:
        body = request.json()
        _only(body, {"skills"}, "")
        items = body.get("skills")
        if not isinstance(items, list) or not items:
            raise ApiError(400, "InvalidArgument", "skills must be a non-empty list", "skills")
        for index, item in enumerate(items):
            _strings(item, ("skillId",), f"skills[{index}]")
        return items

    def add_agent_skills(self, request, change_only: bool = False) -> Response:
        agent = self._agent(request.params["id"])
        results = [
            self._assign(agent["agentId"], item, f"skills[{index}]", change_only)
            for index, item in enumerate(self._agent_skill_items(request))
        ]
        return Response(
            200, {"resultSet": {"errorCount": sum(1 for r in results if not r["success"]), "skillResults": results}}
        )

    def change_agent_skills(self, request) -> Response:
        return self.add_agent_skills(request, change_only=True)

    def remove_agent_skills(self, request) -> Response:
        agent = self._agent(request.params["id"])
        for index, item in enumerate(self._agent_skill_items(request)):
            _only(item, {"skillId"}, f"skills[{index}]")
            self.tenant.data["assignments"].pop(f"{agent['agentId']}:{item.get('skillId')}", None)
        return Response(204)

    def search_roles(self, request) -> Response:
        """CxoneAuthorizationmanagementService.searchRole: {roles: [{roleId, roleName, ...}]}."""
        request.json()
        return Response(200, {"roles": [dict(role) for role in self.tenant.data["roles"].values()]})

    def list_security_profiles(self, request) -> Response:
        """getSecurityProfiles (cj:admin/AdminGeneralService.ts): {_links, profiles: [AdminGeneral_SecurityProfile]};
        no query parameters are published, so none are accepted."""
        if request.query:
            raise ApiError(400, "InvalidArgument", f"unknown parameters: {', '.join(sorted(request.query))}")
        profiles = [dict(profile) for profile in self.tenant.data.get("security_profiles", {}).values()
                    if profile.get("roleId") in self.tenant.data["roles"]]
        return Response(200, {"_links": {"self": request.path, "next": None, "previous": None}, "profiles": profiles})

    # --- Digital Experience API (the DFO host) ---------------------------------------------------------
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

    # --- paging ---------------------------------------------------------------------------------------
    def admin_page(self, request, items: list[dict], key: str, order: str, view=dict) -> Response:
        """skip/top with totalRecords; 204 No Content when nothing matches. Items keep the order the
        tenant made them in (stable between pages); `view` shapes only the page served."""
        del order  # kept for the call sites' readability: the tenant's insertion order is the id order
        if not items:
            return Response(204)
        skip = _int(request.query.get("skip"), 0)
        asked = _int(request.query.get("top"), ADMIN_PAGE_DEFAULT) if "top" in request.query else ADMIN_PAGE_DEFAULT
        if skip < 0 or asked < 1:
            raise ApiError(400, "InvalidArgument", "skip and top must be non-negative and top positive", "top")
        top = min(asked, self.max_page_size)
        page = [view(item) for item in items[skip : skip + top]]
        links = {
            "self": request.path,
            "next": None if skip + top >= len(items) else f"{request.path}?skip={skip + top}&top={top}",
        }
        return Response(
            200,
            {
                "_links": links,
                "businessUnitId": self.tenant.data["businessUnit"]["businessUnitId"],
                "totalRecords": len(items),
                key: page,
            },
        )

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


def _strings(body: dict, fields, where: str) -> None:
    """Ids the published types give as strings (cj:AdminAgentsService.ts: `agentId: string` and
    `roleId: string` in PUT /agents, `agentIds: Array<string>` in POST /agents/skills, `skillId:
    string` in an agent's skills) are refused as numbers, with the admin API's 400 shape."""
    for name in fields:
        value = body.get(name) if isinstance(body, dict) else None
        values = value if isinstance(value, list) else [value]
        for one in values:
            if one is not None and not isinstance(one, str):
                place = f"{where}.{name}" if where else name
                raise ApiError(400, "InvalidArgument", f"{place} must be a string, not {json.dumps(one)}", place)


def _only(body: dict, allowed, where: str) -> None:
    if not isinstance(body, dict):
        raise ApiError(400, "InvalidArgument", f"{where or 'the body'} must be a JSON object", where)
    unknown = sorted(set(body) - set(allowed))
    if unknown:
        place = f"{where}." if where else ""
        raise ApiError(400, "InvalidArgument", f"unknown field {place}{unknown[0]}", place + unknown[0])


def _error(error: ApiError, dfo: bool) -> Response:
    if dfo:  # cj:DigitalChannelService.ts ApiErrorCollection
        return Response(
            error.status,
            {
                "errors": [
                    {
                        "field": error.field,
                        "message": error.description or error.error,
                        "parameters": {},
                        "errorCode": error.error,
                    }
                ],
                "uid": secrets.token_hex(8),
            },
        )
    if error.error.islower() or "_" in error.error:  # OAuth errors of the token endpoints
        return Response(error.status, {"error": error.error, "error_description": error.description})
    return Response(
        error.status, {"error": error.error, "errorDescription": error.description}
    )  # AdminGeneralService.ts


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """A client that went away (gave up, timed out) is ordinary here: no traceback."""
        import sys

        if isinstance(sys.exc_info()[1], OSError):
            return
        super().handle_error(request, client_address)


class _Request:
    def __init__(self, method, path, query, headers, body, params):
        self.method, self.path, self.query, self.headers, self.body, self.params = (
            method,
            path,
            query,
            headers,
            body,
            params,
        )

    def json(self):
        if not self.body:
            return {}
        try:
            value = json.loads(self.body)
        except ValueError:
            raise ApiError(400, "InvalidJson", "the body is not JSON") from None
        if not isinstance(value, dict):
            raise ApiError(400, "InvalidJson", "the body must be a JSON object")
        return value


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "CXoneEmulator/2"
    # Headers and body go out in two writes: with Nagle's algorithm on, the body waits for the
    # client's delayed ACK of the headers (~40 ms on Linux), which doubled a 50 ms call (issue 23).
    disable_nagle_algorithm = True

    def log_message(self, format, *args):
        return

    def _serve(self) -> None:
        emulator: Emulator = self.server.emulator  # type: ignore[attr-defined]
        emulator.requests += 1
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        if emulator.latency_ms:
            time.sleep(emulator.latency_ms / 1000.0)
        fault = emulator.fault()
        if fault == "throttle":
            return self._send(
                Response(
                    429,
                    {"error": "TooManyRequests", "errorDescription": "slow down"},
                    {"Retry-After": emulator.retry_after()},
                )
            )
        if fault == "fail-before":
            return self._send(Response(500, {"error": "InternalServerError", "errorDescription": "injected failure"}))
        if fault == "drop-before":
            return self._drop()
        aimed = emulator.route_faults.take(self.command, parts.path)
        if aimed == "refuse":
            return self._send(_error(ApiError(403, "Forbidden", "injected: the caller lacks the permission"), False))
        response = emulator.dispatch(self.command, parts.path, query, self.headers, body, self.server.host_kind)  # type: ignore[attr-defined]
        if aimed is not None and response.status < 300:
            return self._aimed(aimed, response)
        if fault == "fail-after":
            return self._send(Response(500, {"error": "InternalServerError", "errorDescription": "injected failure"}))
        if fault == "drop-after":
            return self._drop()
        self._send(response)

    def _aimed(self, aimed: str, response: Response) -> None:
        """A call carried out, then answered as the aimed fault says (route_faults.py)."""
        if aimed == "fail-after":
            return self._send(Response(500, {"error": "InternalServerError", "errorDescription": "injected failure"}))
        if aimed == "drop-after":
            return self._drop()
        if aimed == "item-failed":
            return self._send(Response(response.status, report_first_success_failed(response.body), response.headers))
        payload = json.dumps(response.body if response.body is not None else {}).encode()
        half = payload[: len(payload) // 2]
        self.send_response(response.status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload) if aimed == "truncate" else len(half)))
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(half)
            self.wfile.flush()
        if aimed == "truncate":
            self._drop()

    def _drop(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(2)

    def _send(self, response: Response) -> None:
        payload = b"" if response.body is None or response.status == 204 else json.dumps(response.body).encode()
        self.send_response(response.status)
        for key, value in response.headers.items():
            self.send_header(key, value)
        if payload:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if payload:
            self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve


def _maybe_json(body: bytes):
    if not body:
        return None
    try:
        return json.loads(body)
    except ValueError:
        return body.decode("utf-8", "replace")


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _b64(value: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")
