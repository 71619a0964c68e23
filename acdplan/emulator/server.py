"""A loopback HTTP server speaking the subset of NICE CXone's APIs that acdplan uses.

Same auth (access-key password grant, bearer tokens that expire), same discovery documents, same
paging (skip/top with 204 for nothing on the admin API; a cursor on the Digital Experience API),
and faults on demand: latency, 429 with Retry-After (in seconds or as an HTTP date), 500s and
dropped connections (each either before or after the request was carried out, as in life), and
credentials without permissions. Random faults use a seeded RNG, so a run can be replayed.
"""

from __future__ import annotations

import base64
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

from acdplan.emulator.tenant import ALL_PERMISSIONS, SOCIAL_PLATFORMS, EmulatedTenant

ADMIN = r"/incontactapi/services/v(?P<version>[0-9.]+)"
DFO = r"/dfo/3\.0"


class ApiError(Exception):
    def __init__(self, status: int, error: str, description: str = "", extra: dict | None = None):
        super().__init__(description or error)
        self.status, self.error, self.description, self.extra = status, error, description, extra or {}


class Response:
    def __init__(self, status: int = 200, body=None, headers: dict | None = None):
        self.status, self.body, self.headers = status, body, headers or {}


class Emulator:
    """The emulator: start() it, point an environment's base_url_env at `url`, stop() it."""

    def __init__(self, port: int = 0, *, latency_ms: float = 0, fail_rate: float = 0.0, throttle_rate: float = 0.0,
                 drop_rate: float = 0.0, seed: int | None = 0, tenant_file=None, max_page_size: int = 100,
                 token_lifetime: float = 3600.0, accept_any_credentials: bool = True,
                 client_credentials: tuple[str, str] | None = None, default_permissions=None):
        self.port = port
        self.latency_ms = latency_ms
        self.fail_rate = fail_rate
        self.throttle_rate = throttle_rate
        self.drop_rate = drop_rate
        self.rng = random.Random(seed)
        self.rng_lock = threading.Lock()
        self.tenant = EmulatedTenant(tenant_file)
        self.max_page_size = max_page_size
        self.token_lifetime = token_lifetime
        self.accept_any_credentials = accept_any_credentials
        self.client_credentials = client_credentials
        self.default_permissions = tuple(ALL_PERMISSIONS if default_permissions is None else default_permissions)
        self.credentials: dict[str, tuple[str, tuple[str, ...]]] = {}
        self.tokens: dict[str, tuple[float, tuple[str, ...]]] = {}
        self.issued_tokens: list[str] = []  # every token handed out (tests grep outputs for them)
        self.requests = 0
        self.faults_injected = 0
        self.mutations = 0
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._routes = self._build_routes()

    # --- lifecycle -----------------------------------------------------------------------------
    def start(self) -> Emulator:
        self._server = _Server(("127.0.0.1", self.port), _Handler)
        self._server.daemon_threads = True
        self._server.emulator = self  # type: ignore[attr-defined]
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="cxone-emulator", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def serve_forever(self) -> None:
        if self._thread is not None:
            self._thread.join()

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # --- test controls ---------------------------------------------------------------------------
    def add_credentials(self, key_id: str, secret: str, permissions=None) -> None:
        """Accept this access key; `permissions` None: all of them, () none (a permission-less token)."""
        self.credentials[key_id] = (secret, tuple(ALL_PERMISSIONS if permissions is None else permissions))

    def set_faults(self, *, latency_ms: float | None = None, fail_rate: float | None = None,
                   throttle_rate: float | None = None, drop_rate: float | None = None) -> None:
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
            self.tokens[token] = (0.0, self.tokens[token][1])

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
    def _build_routes(self) -> list[tuple[str, re.Pattern, Callable]]:
        table = [
            ("GET", r"/\.well-known/openid-configuration", self.openid_configuration),
            ("GET", r"/\.well-known/cxone-configuration", self.cxone_configuration),
            ("POST", r"/auth/token", self.issue_token),
            ("GET", ADMIN + r"/business-unit", self.get_business_unit),
            ("PUT", ADMIN + r"/business-unit", self.put_business_unit),
            ("GET", ADMIN + r"/security-profiles/me", self.get_my_permissions),
            ("GET", ADMIN + r"/skills", self.list_skills),
            ("POST", ADMIN + r"/skills", self.create_skills),
            ("GET", ADMIN + r"/skills/(?P<id>\d+)", self.get_skill),
            ("PUT", ADMIN + r"/skills/(?P<id>\d+)", self.put_skill),
            ("GET", ADMIN + r"/campaigns", self.list_campaigns),
            ("GET", ADMIN + r"/scripts", self.list_scripts),
            ("GET", ADMIN + r"/agents/skills", self.list_all_assignments),
            ("GET", ADMIN + r"/agents", self.list_agents),
            ("PUT", ADMIN + r"/agents/(?P<id>\d+)", self.put_agent),
            ("GET", ADMIN + r"/agents/(?P<id>\d+)/skills", self.list_agent_skills),
            ("POST", ADMIN + r"/agents/(?P<id>\d+)/skills", self.add_agent_skills),
            ("PUT", ADMIN + r"/agents/(?P<id>\d+)/skills", self.change_agent_skills),
            ("DELETE", ADMIN + r"/agents/(?P<id>\d+)/skills", self.remove_agent_skills),
            ("GET", DFO + r"/sla-settings", self.get_sla_settings),
            ("PUT", DFO + r"/sla-settings", self.put_sla_settings),
            ("GET", DFO + r"/channels", self.list_channels),
            ("POST", DFO + r"/channels", self.create_channel),
            ("PUT", DFO + r"/channels/(?P<id>[^/]+)", self.put_channel),
            ("DELETE", DFO + r"/channels/(?P<id>[^/]+)", self.delete_channel),
            ("GET", DFO + r"/external-platform-accounts", self.list_accounts),
            ("GET", DFO + r"/roles", self.list_roles),
            ("POST", DFO + r"/roles", self.create_role),
            ("PUT", DFO + r"/roles/(?P<id>[^/]+)", self.put_role),
            ("DELETE", DFO + r"/roles/(?P<id>[^/]+)", self.delete_role),
            ("GET", DFO + r"/routing-queues", self.list_queues),
            ("PUT", DFO + r"/routing-queues/(?P<id>[^/]+)/filters", self.put_queue_filters),
        ]
        return [(method, re.compile(pattern + r"/?$"), handler) for method, pattern, handler in table]

    def dispatch(self, method: str, path: str, query: dict, headers, body: bytes) -> Response:
        matched_path = False
        for route_method, pattern, handler in self._routes:
            match = pattern.match(path)
            if not match:
                continue
            matched_path = True
            if route_method != method:
                continue
            request = _Request(method, path, query, headers, body, match.groupdict())
            try:
                api = handler not in (self.openid_configuration, self.cxone_configuration, self.issue_token)
                if api:
                    request.permissions = self.authenticate(headers)
                with self.tenant.lock:
                    response = handler(request)
                    if api and method != "GET" and response.status < 300:
                        self.mutations += 1
                        self.tenant.save()
                return response
            except ApiError as error:
                return Response(error.status, {"error": error.error, "error_description": error.description,
                                               **error.extra})
        if matched_path:
            return Response(405, {"error": "MethodNotAllowed", "error_description": f"{method} is not allowed here"})
        return Response(404, {"error": "NotFound", "error_description": f"no such resource: {path}"})

    # --- auth and discovery ------------------------------------------------------------------------
    def authenticate(self, headers) -> tuple[str, ...]:
        value = headers.get("Authorization", "")
        if not value.startswith("Bearer "):
            raise ApiError(401, "invalid_request", "a bearer token is required")
        token = value[len("Bearer "):]
        known = self.tokens.get(token)
        if known is None:
            raise ApiError(401, "invalid_token", "the access token is not valid")
        expires, permissions = known
        if time.time() >= expires:
            raise ApiError(401, "invalid_token", "the access token expired")
        return permissions

    @staticmethod
    def require(request, permission: str) -> None:
        if permission not in request.permissions:
            raise ApiError(403, "Forbidden", f"the caller lacks the permission {permission}")

    def openid_configuration(self, request) -> Response:
        return Response(200, {"issuer": self.url, "token_endpoint": self.url + "/auth/token",
                              "grant_types_supported": ["password", "refresh_token"]})

    def cxone_configuration(self, request) -> Response:
        tenant_id = request.query.get("tenantId")
        if tenant_id != self.tenant.data["businessUnit"]["tenantId"]:
            raise ApiError(404, "NotFound", "unknown tenant")
        return Response(200, {"tenantId": tenant_id, "area": "emu1", "api_endpoint": self.url,
                              "ui_endpoint": self.url, "auth_endpoint": self.url})

    def issue_token(self, request) -> Response:
        form = {key: values[0] for key, values in parse_qs(request.body.decode("utf-8", "replace")).items()}
        if self.client_credentials is not None:
            basic = request.headers.get("Authorization", "")
            expected = "Basic " + base64.b64encode(":".join(self.client_credentials).encode()).decode()
            if basic != expected:
                raise ApiError(401, "invalid_client", "the client id or secret is wrong")
        if form.get("grant_type") != "password":
            raise ApiError(400, "unsupported_grant_type", "use the password grant with an access key")
        key_id, secret = form.get("username", ""), form.get("password", "")
        if key_id in self.credentials:
            expected_secret, permissions = self.credentials[key_id]
            if secret != expected_secret:
                raise ApiError(401, "invalid_grant", "the access key id or secret is wrong")
        elif self.accept_any_credentials and key_id and secret:
            permissions = self.default_permissions
        else:
            raise ApiError(401, "invalid_grant", "the access key id or secret is wrong")
        token = "emu-at-" + secrets.token_hex(16)
        claims = {"iss": self.url, "tenantId": self.tenant.data["businessUnit"]["tenantId"], "area": "emu1",
                  "icBUId": self.tenant.data["businessUnit"]["businessUnitId"]}
        id_token = ".".join(_b64(part) for part in ({"alg": "none", "typ": "JWT"}, claims)) + "."
        self.tokens[token] = (time.time() + self.token_lifetime, tuple(permissions))
        self.issued_tokens += [token, id_token]
        return Response(200, {"access_token": token, "token_type": "Bearer", "expires_in": int(self.token_lifetime),
                              "id_token": id_token, "issued_token_type": "access_token"})

    # --- admin API: business unit, permissions --------------------------------------------------------
    def get_business_unit(self, request) -> Response:
        return Response(200, {"businessUnits": [dict(self.tenant.data["businessUnit"])]})

    def put_business_unit(self, request) -> Response:
        self.require(request, "Business Unit - Edit")
        body = request.json()
        unit = self.tenant.data["businessUnit"]
        if body.get("defaultAgentApplication") not in ("CXoneAgent", "MAX"):
            raise ApiError(400, "InvalidArgument", "defaultAgentApplication must be CXoneAgent or MAX")
        unit["defaultAgentApplication"] = body["defaultAgentApplication"]
        unit["dynamicDeliveryEnabled"] = bool(body.get("dynamicDeliveryEnabled"))
        return Response(200, {"businessUnits": [dict(unit)]})

    def get_my_permissions(self, request) -> Response:
        return Response(200, {"permissions": list(request.permissions)})

    # --- admin API: skills ---------------------------------------------------------------------------
    def list_skills(self, request) -> Response:
        items = list(self.tenant.data["skills"].values())
        search = request.query.get("searchString")
        if search:
            items = [item for item in items if search.lower() in item["skillName"].lower()]
        if request.query.get("isActive") in ("true", "false"):
            items = [item for item in items if item["isActive"] == (request.query["isActive"] == "true")]
        return self.admin_page(request, items, "skills", "skillId")

    def get_skill(self, request) -> Response:
        skill = self.tenant.data["skills"].get(request.params["id"])
        if skill is None:
            raise ApiError(404, "NotFound", "no such skill")
        return Response(200, dict(skill))

    def _check_skill(self, skill: dict, skill_id: int | None = None) -> None:
        name = skill.get("skillName")
        if not isinstance(name, str) or not 2 <= len(name) <= 30 or not re.fullmatch(r"[A-Za-z0-9_.:-]+", name):
            raise ApiError(400, "InvalidArgument", f"invalid skill name {name!r}")
        if skill.get("mediaTypeId") not in (1, 3, 4, 5, 6, 7, 8, 9):
            raise ApiError(400, "InvalidArgument", f"unknown media type {skill.get('mediaTypeId')}")
        if str(skill.get("campaignId")) not in self.tenant.data["campaigns"]:
            raise ApiError(400, "InvalidArgument", f"campaign {skill.get('campaignId')} does not exist")
        for other in self.tenant.data["skills"].values():
            if other["skillName"].lower() == name.lower() and other["skillId"] != skill_id:
                raise ApiError(409, "Conflict", f"a skill named {name!r} already exists",
                               {"errorCount": 1, "skillsResults": [{"success": False,
                                                                    "error": f"skill name {name!r} exists"}]})

    def create_skills(self, request) -> Response:
        self.require(request, "Skills - Create")
        results = []
        for item in request.json().get("skills") or []:
            skill = self.tenant.skill_defaults()
            skill.update({key: value for key, value in item.items() if key in _SKILL_FIELDS})
            self._check_skill(skill)
            self.tenant._store_skill(skill)
            self.tenant.creates[("skills", skill["skillName"])] += 1
            results.append({"success": True, "error": None})  # [doc] no id in the answer
        return Response(200, {"errorCount": 0, "skillsResults": results})

    def put_skill(self, request) -> Response:
        self.require(request, "Skills - Edit")
        skill = self.tenant.data["skills"].get(request.params["id"])
        if skill is None:
            raise ApiError(404, "NotFound", "no such skill")
        updated = dict(skill)
        updated.update({key: value for key, value in request.json().items() if key in _SKILL_FIELDS | {"isActive"}})
        if "mediaTypeId" in request.json() and request.json()["mediaTypeId"] != skill["mediaTypeId"]:
            raise ApiError(400, "InvalidArgument", "the media type of a skill cannot change")
        self._check_skill(updated, skill["skillId"])
        campaign = self.tenant.data["campaigns"].get(str(updated.get("campaignId")))
        updated["campaignName"] = campaign["campaignName"] if campaign else ""
        skill.clear()
        skill.update(updated)
        return Response(200, dict(skill))

    # --- admin API: campaigns, scripts, agents ------------------------------------------------------
    def list_campaigns(self, request) -> Response:
        page = self.admin_page(request, list(self.tenant.data["campaigns"].values()), "campaigns", "campaignId")
        if page.status == 200:
            page.body = {"resultSet": page.body}  # [doc] campaigns come wrapped in a resultSet
        return page

    def list_scripts(self, request) -> Response:
        return self.admin_page(request, list(self.tenant.data["scripts"].values()), "scripts", "scriptId")

    def list_agents(self, request) -> Response:
        items = list(self.tenant.data["agents"].values())
        search = request.query.get("searchString")
        if search:
            items = [item for item in items if search.lower() in item["userName"].lower()]
        return self.admin_page(request, items, "agents", "agentId")

    def _agent(self, request) -> dict:
        agent = self.tenant.data["agents"].get(request.params["id"])
        if agent is None:
            raise ApiError(404, "NotFound", "no such agent")
        return agent

    def put_agent(self, request) -> Response:
        self.require(request, "Users - Edit")
        agent = self._agent(request)
        body = request.json()
        role_id = body.get("digitalRoleId")
        if role_id is not None and role_id not in self.tenant.data["roles"]:
            raise ApiError(400, "InvalidArgument", f"digital role {role_id} does not exist")
        if body.get("agentApplication") not in (None, "CXoneAgent", "MAX"):
            raise ApiError(400, "InvalidArgument", "agentApplication must be CXoneAgent or MAX")
        for key in ("agentApplication", "digitalEngagementEnabled", "digitalRoleId", "notes"):
            if key in body:
                agent[key] = body[key]
        return Response(200, dict(agent))

    def _assignment_view(self, assignment: dict) -> dict:
        skill = self.tenant.data["skills"].get(str(assignment["skillId"]), {})
        return {**assignment, "skillName": skill.get("skillName"), "isSkillActive": skill.get("isActive", False),
                "mediaTypeId": skill.get("mediaTypeId"), "campaignId": skill.get("campaignId")}

    def list_all_assignments(self, request) -> Response:
        items = [self._assignment_view(item) for item in self.tenant.data["assignments"].values()]
        return self.admin_page(request, items, "agentSkillAssignments", "agentId")

    def list_agent_skills(self, request) -> Response:
        agent = self._agent(request)
        items = [self._assignment_view(item) for item in self.tenant.data["assignments"].values()
                 if item["agentId"] == agent["agentId"]]
        return self.admin_page(request, items, "agentSkillAssignments", "skillId")

    def _skill_items(self, request) -> list[dict]:
        items = request.json().get("skills")
        if not isinstance(items, list) or not items:
            raise ApiError(400, "InvalidArgument", "skills must be a non-empty list")
        for item in items:
            if str(item.get("skillId")) not in self.tenant.data["skills"]:
                raise ApiError(400, "InvalidArgument", f"skill {item.get('skillId')} does not exist")
        return items

    def add_agent_skills(self, request) -> Response:
        self.require(request, "Users - Edit")
        agent = self._agent(request)
        results = []
        for item in self._skill_items(request):
            key = f"{agent['agentId']}:{item['skillId']}"
            self.tenant.data["assignments"][key] = {
                "agentId": agent["agentId"], "skillId": item["skillId"],
                "agentProficiencyValue": int(item.get("proficiency") or 1), "isActive": bool(item.get("isActive", True))}
            results.append({"success": True, "skillId": item["skillId"], "error": None})
        return Response(200, {"resultSet": {"errorCount": 0, "skillResults": results}})

    def change_agent_skills(self, request) -> Response:
        self.require(request, "Users - Edit")
        agent = self._agent(request)
        results = []
        for item in self._skill_items(request):
            key = f"{agent['agentId']}:{item['skillId']}"
            if key not in self.tenant.data["assignments"]:
                raise ApiError(400, "InvalidArgument", f"skill {item['skillId']} is not assigned to the agent")
            assignment = self.tenant.data["assignments"][key]
            if item.get("proficiency") is not None:
                assignment["agentProficiencyValue"] = int(item["proficiency"])
            if item.get("isActive") is not None:
                assignment["isActive"] = bool(item["isActive"])
            results.append({"success": True, "skillId": item["skillId"], "error": None})
        return Response(200, {"resultSet": {"errorCount": 0, "skillResults": results}})

    def remove_agent_skills(self, request) -> Response:
        self.require(request, "Users - Edit")
        agent = self._agent(request)
        for item in request.json().get("skills") or []:
            self.tenant.data["assignments"].pop(f"{agent['agentId']}:{item.get('skillId')}", None)
        return Response(204)

    # --- Digital Experience API ------------------------------------------------------------------------
    def get_sla_settings(self, request) -> Response:
        return Response(200, dict(self.tenant.data["slaSettings"]))

    def put_sla_settings(self, request) -> Response:
        self.require(request, "Digital - Edit")
        body = request.json()
        self.tenant.data["slaSettings"] = {"workingHours": body.get("workingHours"), "globalSla": body.get("globalSla")}
        return Response(200, dict(self.tenant.data["slaSettings"]))

    def list_channels(self, request) -> Response:
        return self.dfo_page(request, list(self.tenant.data["channels"].values()))

    def _check_channel(self, body: dict) -> None:
        skill_id = body.get("defaultSkillId")
        if skill_id is not None and str(skill_id) not in self.tenant.data["skills"]:
            raise ApiError(400, "InvalidArgument", f"default skill {skill_id} does not exist")
        script_id = body.get("defaultScriptId")
        if script_id is not None and str(script_id) not in self.tenant.data["scripts"]:
            raise ApiError(400, "InvalidArgument", f"default script {script_id} does not exist")
        if not body.get("name"):
            raise ApiError(400, "InvalidArgument", "a channel needs a name")

    def create_channel(self, request) -> Response:
        self.require(request, "Digital - Edit")
        body = request.json()
        self._check_channel(body)
        platform = body.get("platform", "")
        account_id = str(body.get("idOnExternalPlatform", ""))
        account = self.tenant.data["accounts"].get(f"{platform}:{account_id}")
        if platform in SOCIAL_PLATFORMS and not (account and account.get("authorized")):
            raise ApiError(422, "AccountNotAuthorized",
                           f"the {platform} account {account_id} has not been authorised (connect with Facebook first)")
        channel = {key: body.get(key) for key in _CHANNEL_FIELDS}
        channel["idOnExternalPlatform"] = account_id
        channel["externalPlatformName"] = account["name"] if account else None
        channel["id"] = f"chan_{self.tenant.new_id()}"
        self.tenant.data["channels"][channel["id"]] = channel
        self.tenant.creates[("channels", channel["name"])] += 1
        return Response(201, dict(channel))

    def _channel(self, request) -> dict:
        channel = self.tenant.data["channels"].get(request.params["id"])
        if channel is None:
            raise ApiError(404, "NotFound", "no such channel")
        return channel

    def put_channel(self, request) -> Response:
        self.require(request, "Digital - Edit")
        channel = self._channel(request)
        body = request.json()
        self._check_channel(body)
        if body.get("platform", channel["platform"]) != channel["platform"] or \
                str(body.get("idOnExternalPlatform", channel["idOnExternalPlatform"])) != channel["idOnExternalPlatform"]:
            raise ApiError(400, "InvalidArgument", "a channel's platform and account cannot change")
        for key in ("name", "accountProperties", "defaultSkillId", "defaultScriptId", "slaPolicy", "description"):
            if key in body:
                channel[key] = body[key]
        return Response(200, dict(channel))

    def delete_channel(self, request) -> Response:
        self.require(request, "Digital - Edit")
        self._channel(request)
        del self.tenant.data["channels"][request.params["id"]]
        for role in self.tenant.data["roles"].values():
            role["channelPermissions"] = [entry for entry in role["channelPermissions"]
                                          if entry.get("channelId") != request.params["id"]]
        return Response(204)

    def list_accounts(self, request) -> Response:
        return self.dfo_page(request, list(self.tenant.data["accounts"].values()))

    def list_roles(self, request) -> Response:
        return self.dfo_page(request, list(self.tenant.data["roles"].values()))

    def _check_role(self, body: dict) -> dict:
        if not body.get("name"):
            raise ApiError(400, "InvalidArgument", "a role needs a name")
        for entry in body.get("channelPermissions") or []:
            if entry.get("channelId") not in self.tenant.data["channels"]:
                raise ApiError(400, "InvalidArgument", f"channel {entry.get('channelId')} does not exist")
        return {"name": body["name"], "description": body.get("description"),
                "handlesContacts": bool(body.get("handlesContacts", True)),
                "adminPermissions": list(body.get("adminPermissions") or []),
                "channelPermissions": [{"channelId": entry["channelId"], "permissions": list(entry.get("permissions") or [])}
                                       for entry in body.get("channelPermissions") or []]}

    def create_role(self, request) -> Response:
        self.require(request, "Digital - Edit")
        role = self._check_role(request.json())
        role["id"] = f"role_{self.tenant.new_id()}"
        self.tenant.data["roles"][role["id"]] = role
        self.tenant.creates[("roles", role["name"])] += 1
        return Response(201, dict(role))

    def put_role(self, request) -> Response:
        self.require(request, "Digital - Edit")
        role = self.tenant.data["roles"].get(request.params["id"])
        if role is None:
            raise ApiError(404, "NotFound", "no such role")
        role.update(self._check_role(request.json()))
        return Response(200, dict(role))

    def delete_role(self, request) -> Response:
        self.require(request, "Digital - Edit")
        if self.tenant.data["roles"].pop(request.params["id"], None) is None:
            raise ApiError(404, "NotFound", "no such role")
        for agent in self.tenant.data["agents"].values():
            if agent.get("digitalRoleId") == request.params["id"]:
                agent["digitalRoleId"] = None
        return Response(204)

    def list_queues(self, request) -> Response:
        return self.dfo_page(request, list(self.tenant.data["queues"].values()))

    def put_queue_filters(self, request) -> Response:
        self.require(request, "Digital - Edit")
        queue = self.tenant.data["queues"].get(request.params["id"])
        if queue is None:
            raise ApiError(404, "NotFound", "no such routing queue")
        filters = []
        for entry in request.json().get("filters") or []:
            for channel_id in entry.get("includedChannelIds") or []:
                if channel_id not in self.tenant.data["channels"]:
                    raise ApiError(400, "InvalidArgument", f"channel {channel_id} does not exist")
            for skill_id in entry.get("includedSkillIds") or []:
                if str(skill_id) not in self.tenant.data["skills"]:
                    raise ApiError(400, "InvalidArgument", f"skill {skill_id} does not exist")
            filters.append({"name": entry.get("name"), "includedChannelIds": list(entry.get("includedChannelIds") or []),
                            "includedSkillIds": list(entry.get("includedSkillIds") or [])})
        queue["filters"] = filters
        return Response(200, dict(queue))

    # --- paging ---------------------------------------------------------------------------------------
    def admin_page(self, request, items: list[dict], key: str, order: str) -> Response:
        """[doc] skip/top paging with totalRecords; 204 No Content when nothing matches."""
        items = sorted(items, key=lambda item: str(item.get(order)).zfill(12))
        if not items:
            return Response(204)
        skip = _int(request.query.get("skip"), 0)
        top = min(_int(request.query.get("top"), self.max_page_size) or self.max_page_size, self.max_page_size)
        page = [dict(item) for item in items[skip:skip + top]]
        links = {"self": request.path, "next": None if skip + top >= len(items) else f"{request.path}?skip={skip + top}&top={top}"}
        return Response(200, {"_links": links, "businessUnitId": self.tenant.data["businessUnit"]["businessUnitId"],
                              "totalRecords": len(items), key: page})

    def dfo_page(self, request, items: list[dict]) -> Response:
        """[unknown] cursor paging: `{data, totalRecords, nextCursor}`."""
        items = sorted(items, key=lambda item: str(item.get("id", item.get("platform", ""))) + str(item.get("idOnExternalPlatform", "")))
        limit = min(_int(request.query.get("limit"), self.max_page_size) or self.max_page_size, self.max_page_size)
        cursor = request.query.get("cursor")
        start = 0
        if cursor:
            try:
                start = int(base64.urlsafe_b64decode(cursor.encode()).decode())
            except ValueError:
                raise ApiError(400, "InvalidArgument", "bad cursor") from None
        page = [dict(item) for item in items[start:start + limit]]
        following = start + limit
        next_cursor = base64.urlsafe_b64encode(str(following).encode()).decode() if following < len(items) else None
        return Response(200, {"data": page, "totalRecords": len(items), "nextCursor": next_cursor})


_SKILL_FIELDS = frozenset({
    "skillName", "mediaTypeId", "campaignId", "isOutbound", "notes", "serviceLevelGoal", "serviceLevelThreshold",
    "messageTemplateName", "personalConnection", "byoc", "isSubSkill", "useScreenPops", "acceptRejectEnabled",
    "digitalRouting", "agentResponseCountdownSeconds", "customerResponseCountdown",
})
_CHANNEL_FIELDS = ("name", "platform", "idOnExternalPlatform", "accountProperties", "defaultSkillId", "defaultScriptId",
                   "slaPolicy", "description")


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
        self.method, self.path, self.query, self.headers, self.body, self.params = method, path, query, headers, body, params
        self.permissions: tuple[str, ...] = ()

    def json(self) -> dict:
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
    server_version = "CXoneEmulator/1"

    def log_message(self, format, *args):  # noqa: A002 - quiet: requests are counted, not printed
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
            return self._send(Response(429, {"error": "TooManyRequests", "error_description": "slow down"},
                                       {"Retry-After": emulator.retry_after()}))
        if fault == "fail-before":
            return self._send(Response(500, {"error": "InternalServerError", "error_description": "injected failure"}))
        if fault == "drop-before":
            return self._drop()
        response = emulator.dispatch(self.command, parts.path, query, self.headers, body)
        if fault == "fail-after":
            return self._send(Response(500, {"error": "InternalServerError", "error_description": "injected failure"}))
        if fault == "drop-after":
            return self._drop()
        self._send(response)

    def _drop(self) -> None:
        self.close_connection = True
        try:
            self.connection.shutdown(2)
        except OSError:
            pass

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

    do_GET = do_POST = do_PUT = do_DELETE = _serve


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _b64(value: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")
