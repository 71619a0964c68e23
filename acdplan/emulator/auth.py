"""The issuer host: token endpoints, discovery documents and the bearer check of every API call."""

from __future__ import annotations

import base64
import json
import secrets
import time
from urllib.parse import parse_qs

from acdplan.emulator.tenant import EmulatedTenant
from acdplan.emulator.wire import ApiError, Response


class AuthMixin:
    """Keys and passwords it accepts, the tokens it issued and when they expire."""

    tenant: EmulatedTenant
    token_lifetime: float
    accept_any_credentials: bool
    client_credentials: tuple[str, str] | None
    credentials: dict[str, str]
    key_users: dict[str, str]
    tokens: dict[str, float]
    issued_tokens: list[str]

    @property
    def url(self) -> str:
        raise NotImplementedError

    def add_credentials(self, key_id: str, secret: str, user: str | None = None) -> None:
        """A key (or a username/password) the token endpoints accept; `user`: the tenant user it
        belongs to, named in the id_token's claims (auth-sdk cxone-user.js: icAgentId, name)."""
        self.credentials[key_id] = secret
        if user is not None:
            self.key_users[key_id] = user

    def expire_tokens(self) -> None:
        for token in list(self.tokens):
            self.tokens[token] = 0.0

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

    def _issue(self, user: str | None = None) -> Response:
        token = "emu-at-" + secrets.token_hex(16)
        claims = {
            "iss": self.url,
            "tenantId": self.tenant.data["businessUnit"]["tenantId"],
            "icBUId": self.tenant.data["businessUnit"]["businessUnitId"],
        }
        agent = self.tenant.find("agents", "userName", user) if user else None
        if agent is not None:  # the claims auth-sdk's cxone-user.js setUserDetails reads
            claims.update({"icAgentId": str(agent["agentId"]), "name": agent["userName"]})
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
        return self._issue(self.key_users.get(str(body["accessKeyId"])))

    def password_token(self, request) -> Response:
        form = {key: values[0] for key, values in parse_qs(request.body.decode("utf-8", "replace")).items()}
        if self.client_credentials is not None:
            expected = "Basic " + base64.b64encode(":".join(self.client_credentials).encode()).decode()
            if request.headers.get("Authorization", "") != expected:
                raise ApiError(401, "invalid_client", "the client id or secret is wrong")
        if form.get("grant_type") != "password" or form.get("scope") != "openid":
            raise ApiError(400, "unsupported_grant_type", "use grant_type=password with scope=openid")
        self._check_key(form.get("username", ""), form.get("password", ""))
        return self._issue(self.key_users.get(form.get("username", ""), form.get("username")))


def _b64(value: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")
