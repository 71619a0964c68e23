"""HTTP transport to NICE CXone: login, discovery, paging, retries, redaction, verbose call log.

Built on `requests` (synchronous like the rest of acdplan, pooled connections per session).
Retries are our own small loop rather than urllib3's `Retry`: a create (POST) may be retried only
after a read shows it did not happen, which urllib3 cannot express.

Routes and their published sources live in `routes.py`; object fields in `kinds/`. Every message
this module produces (exceptions, the verbose log) goes through one `Redactor`.
"""

from __future__ import annotations

import base64
import email.utils
import json
import os
import random
import re
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TextIO
from urllib.parse import unquote, urlsplit, urlunsplit

import requests

from acdplan.providers.base import ProviderError
from acdplan.providers.cxone import deadline, routes
from acdplan.providers.cxone.rows import Row
from acdplan.sensitive import redact_text

RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})
TOKEN_REFRESH_MARGIN = 60.0  # seconds before expiry at which a token is renewed
MIN_SECRET_LENGTH = 4  # shorter values would redact ordinary words
READ_PARALLELISM = 8  # reads in flight at once, the whole read of a tenant together (`read_parallelism`)
READ_PARALLELISM_BOUNDS = (1, 32)  # more would press on CXone's rate limits (429) for no gain
DFO_PAGE_SIZE = 100  # the DFO's largest page is not published: a size every DFO list surely takes
DFO_SEARCH_SIZE = 500  # routing queues: one read of size=500, as NICE's agent SDK reads them (docs/CXONE.md)

_verbose_stream: TextIO | None = None


def set_verbose(stream: TextIO | None) -> None:
    """Log each call (method, route, status, attempt) to `stream`, secrets redacted; None: quiet.

    The CLI's -v/--verbose sets it (or ACDPLAN_VERBOSE=1 in the environment, read at first call)."""
    global _verbose_stream
    _verbose_stream = stream


def _verbose() -> TextIO | None:
    if _verbose_stream is None and os.environ.get("ACDPLAN_VERBOSE") == "1":
        return sys.stderr
    return _verbose_stream


class Redactor:
    """Removes every known secret or token from text. One per provider; thread-safe."""

    MASK = "***"

    def __init__(self, *secrets: str | None):
        self._secrets: set[str] = set()
        self._lock = threading.Lock()
        for secret in secrets:
            self.add(secret)

    def add(self, secret: str | None) -> None:
        if secret and len(secret) >= MIN_SECRET_LENGTH:
            with self._lock:
                self._secrets.add(secret)
                # the same value as it travels in a form body, a URL or an Authorization header
                self._secrets.add(requests.utils.quote(secret, safe=""))

    def __call__(self, text: object) -> str:
        text = str(text)
        with self._lock:
            secrets = sorted(self._secrets, key=len, reverse=True)
        for secret in secrets:
            if secret in text:
                text = text.replace(secret, self.MASK)
        return redact_text(text)  # and the values the specs mark sensitive (acdplan/sensitive.py)


def strip_userinfo(url: str | None, redactor: Redactor) -> str | None:
    """A URL without `user:password@`: the parts are registered as secrets, never sent or echoed."""
    if not url:
        return url
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    for value in (parts.password, parts.username):
        if value:
            redactor.add(value)
            redactor.add(unquote(value))
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


class CxoneError(ProviderError):
    """CXone could not be reached or refused a call; the message is already redacted."""

    def __init__(
        self, message: str, status: int | None = None, description: str = "", method: str = "", path: str = ""
    ):
        super().__init__(message)
        self.status = status
        self.description = description
        self.method = method
        self.path = path


class AuthenticationFailed(CxoneError):
    """The token endpoint refused the access key (wrong id/secret, disabled key, bad client)."""


class NoIssuer(AuthenticationFailed):
    """The issuer URL answers, but has no token endpoint (HTTP 404/405): a wrong base or auth URL,
    told as such, never as a refused key."""


class Unreachable(CxoneError):
    """The host did not answer within the fail-fast budget."""


@dataclass(slots=True)
class ClientSettings:
    key_id: str
    key_secret: str
    auth_url: str  # the issuer: login and discovery documents live here, never on the API host
    base_url: str | None = None  # the admin API host; None: discovered (api_endpoint)
    dfo_url: str | None = None  # the Digital Experience host; None: derived as NICE's SDK does
    client_id: str | None = None
    client_secret: str | None = None
    auth_method: str = "access_key"  # or "password": the OpenID password grant
    api_version: str | None = None  # one admin API version for every resource (overrides the defaults)
    api_versions: dict = field(default_factory=dict)  # resource -> version
    page_size: int = 100  # admin `top`: cxone-mcp src/cxone.js "skip/top (default 50, max 100)"; DFO pages <= 100
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    max_attempts: int = 8
    backoff_base_seconds: float = 0.5
    backoff_max_seconds: float = 8.0
    retry_after_max_seconds: float = 120.0
    unreachable_after_seconds: float = 20.0  # connection failures for this long: give up (fail fast)
    request_deadline_seconds: float = 120.0  # one whole exchange, body included (read_timeout is per read)
    read_parallelism: int = READ_PARALLELISM  # reads in flight at once, every list and page together
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    rng: random.Random = field(default_factory=random.Random, repr=False)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date (RFC 9110 10.2.3)."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    return max(0.0, (when - now).total_seconds())


def jwt_claims(token: str | None) -> dict:
    """The claims of a JWT without checking its signature (only to read tenantId for discovery)."""
    if not token or token.count(".") < 2:
        return {}
    payload = token.split(".")[1]
    try:
        raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        claims = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return {}
    return claims if isinstance(claims, dict) else {}


def error_description(body) -> str:
    """CXone errors: admin `{error, errorDescription}` (cj:AdminGeneralService.ts ApiErrorResponse),
    DFO `{errors: [{message}]}` (cj:DigitalChannelService.ts ApiErrorCollection), OAuth `error_description`."""
    if not isinstance(body, dict):
        return ""
    for key in ("errorDescription", "error_description", "description", "message", "error"):
        value = body.get(key)
        if isinstance(value, str) and value.strip():
            return value
    errors = body.get("errors")
    if isinstance(errors, list) and errors:
        return "; ".join(str(item.get("message", item)) if isinstance(item, dict) else str(item) for item in errors)
    return ""


@dataclass(slots=True)
class Found:
    """A create that the server had already carried out (found by a read before retrying)."""

    value: object


class CxoneClient:
    """One tenant's API: authenticated, paged, retried calls. Safe to use from several threads."""

    def __init__(self, settings: ClientSettings, redactor: Redactor | None = None):
        self.settings = settings
        self.redact = redactor or Redactor()
        for secret in (settings.key_id, settings.key_secret, settings.client_id, settings.client_secret):
            self.redact.add(secret)
        if settings.client_id:  # as it travels in the token call's Basic header
            self.redact.add(base64.b64encode(f"{settings.client_id}:{settings.client_secret or ''}".encode()).decode())
        settings.auth_url = strip_userinfo(settings.auth_url, self.redact) or routes.DEFAULT_ISSUER
        settings.base_url = strip_userinfo(settings.base_url, self.redact)
        settings.dfo_url = strip_userinfo(settings.dfo_url, self.redact)
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._token_lock = threading.Lock()
        self._sessions_lock = threading.Lock()
        self._token: str | None = None
        self._token_renew_at = 0.0
        self._claims: dict = {}
        self._api_base: str | None = settings.base_url.rstrip("/") if settings.base_url else None
        self._dfo_base: str | None = settings.dfo_url.rstrip("/") if settings.dfo_url else None
        self._configuration: dict | None = None
        self._rng_lock = threading.Lock()
        self._unreachable: str | None = None  # once a host is unreachable, every call fails at once
        self._abandoned = False  # the read's result will not be used: no further call is sent
        self._pool: ThreadPoolExecutor | None = None
        low, high = READ_PARALLELISM_BOUNDS
        self.read_parallelism = min(high, max(low, int(settings.read_parallelism)))
        self._read_slots = threading.BoundedSemaphore(self.read_parallelism)
        self._in_flight_lock = threading.Lock()
        self.reads_in_flight = 0
        self.most_reads_in_flight = 0  # the high-water mark (tests hold the bound with it)
        self._quiet_until = 0.0  # monotonic time before which no call is sent: a 429 holds every caller
        self.calls = 0  # HTTP requests sent, retries included (for tests and progress)

    # --- plumbing -----------------------------------------------------------------------
    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = deadline.mount(requests.Session())  # a deadline on each whole exchange
            session.trust_env = False  # no proxy or .netrc credentials picked up behind our back
            session.headers["Accept"] = "application/json"
            session.headers["User-Agent"] = "acdplan"
            self._local.session = session
            with self._sessions_lock:
                self._sessions.append(session)
        return session

    def pool(self) -> ThreadPoolExecutor:
        """Threads for the pages of lists; what bounds the calls in flight is `_read_slot`."""
        with self._sessions_lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=self.read_parallelism, thread_name_prefix="acdplan-cxone")
            return self._pool

    @contextmanager
    def _read_slot(self) -> Iterator[None]:
        """One of the `read_parallelism` reads in flight: every list and page of a read share them."""
        with self._read_slots:
            with self._in_flight_lock:
                self.reads_in_flight += 1
                self.most_reads_in_flight = max(self.most_reads_in_flight, self.reads_in_flight)
            try:
                yield
            finally:
                with self._in_flight_lock:
                    self.reads_in_flight -= 1

    def _hold_back(self, seconds: float) -> None:
        """A 429's wait applies to every caller: none sends again before it is over. The caller
        that met the 429 sleeps it itself (`_send`), so it is not held a second time."""
        with self._in_flight_lock:
            self._quiet_until = max(self._quiet_until, time.monotonic() + seconds)
            self._local.rested_until = self._quiet_until

    def _wait_if_held_back(self) -> None:
        with self._in_flight_lock:
            until = self._quiet_until
        if until <= getattr(self._local, "rested_until", 0.0):
            return
        wait = until - time.monotonic()
        if wait > 0:
            self.settings.sleep(wait)

    def abandon(self) -> None:
        """Calls not yet sent fail at once (a read whose result is no longer wanted)."""
        self._abandoned = True

    def close(self) -> None:
        with self._sessions_lock:
            sessions, self._sessions = self._sessions, []
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True)
        for session in sessions:
            session.close()

    def _backoff(self, attempt: int) -> float:
        """Exponential backoff with jitter: half fixed, half random, capped."""
        ceiling = min(self.settings.backoff_max_seconds, self.settings.backoff_base_seconds * (2 ** (attempt - 1)))
        with self._rng_lock:
            return ceiling / 2 + self.settings.rng.uniform(0, ceiling / 2)

    def _log(self, method: str, url: str, outcome: str, attempt: int) -> None:
        stream = _verbose()
        if stream is not None:
            parts = urlsplit(url)
            route = f"{parts.scheme}://{parts.netloc}{parts.path}"
            print(self.redact(f"cxone: {method} {route} -> {outcome} (attempt {attempt})"), file=stream, flush=True)

    # --- authentication -----------------------------------------------------------------
    def _issuer(self) -> str:
        return self.settings.auth_url.rstrip("/")

    def _authenticate(self) -> None:
        if self.settings.auth_method == "password":
            response, endpoint = self._password_grant()
        else:
            endpoint = self._issuer() + routes.ACCESS_KEY_TOKEN
            response = self._send(
                "POST",
                endpoint,
                json_body={"accessKeyId": self.settings.key_id, "accessKeySecret": self.settings.key_secret},
                authenticated=False,
                retry_post=True,
            )
        if response.status_code in (404, 405):  # nothing there takes a login: the URL, not the key, is wrong
            path = urlsplit(endpoint).path
            raise NoIssuer(
                self.redact(
                    f"{self._issuer()} is not a CXone login server: {path} answered HTTP {response.status_code} "
                    f"({'not found' if response.status_code == 404 else 'method not allowed'}); check the URL in "
                    "base_url_env (or auth_url_env)"
                ),
                status=response.status_code, method="POST", path=path,
            )
        if response.status_code != 200:
            description = self._description(response)
            raise AuthenticationFailed(
                self.redact(
                    f"authentication failed: {urlsplit(endpoint).path} answered HTTP {response.status_code}"
                    + (f": {description}" if description else "")
                    + " (check the access key id and secret, and the client id/secret if the environment names them)"
                ),
                status=response.status_code,
                description=description,
                method="POST",
                path=urlsplit(endpoint).path,
            )
        body = _json(response)
        token = body.get("access_token")
        if not isinstance(token, str) or not token:
            raise AuthenticationFailed("authentication failed: the token endpoint returned no access token")
        for secret_field in ("access_token", "refresh_token", "id_token"):
            self.redact.add(body.get(secret_field))
        lifetime = float(body.get("expires_in") or 3600)
        self._token = token
        self._token_renew_at = time.monotonic() + lifetime - min(TOKEN_REFRESH_MARGIN, lifetime / 10)
        self._claims = jwt_claims(body.get("id_token")) or jwt_claims(token)

    def _password_grant(self) -> tuple[requests.Response, str]:
        """OpenID password grant (auth-sdk discovery): client id/secret as HTTP Basic, scope=openid."""
        issuer = self._issuer()
        endpoint = issuer + "/auth/token"
        try:
            response = self._send("GET", issuer + routes.OPENID_CONFIGURATION, authenticated=False)
        except Unreachable:
            raise
        except CxoneError:
            response = None
        if response is not None and response.status_code == 200:
            found = _json(response).get("token_endpoint")
            if isinstance(found, str) and found:
                endpoint = found
        form = {
            "grant_type": "password",
            "username": self.settings.key_id,
            "password": self.settings.key_secret,
            "scope": "openid",
        }
        auth = (self.settings.client_id, self.settings.client_secret or "") if self.settings.client_id else None
        return self._send("POST", endpoint, data=form, auth=auth, authenticated=False, retry_post=True), endpoint

    def claims(self) -> dict:
        """The claims of the last login's id_token (or access token): who the credentials are."""
        return dict(self._claims)

    def token(self) -> str:
        """A valid bearer token, renewed shortly before it expires."""
        with self._token_lock:
            if self._token is None or time.monotonic() >= self._token_renew_at:
                self._authenticate()
            return self._token  # type: ignore[return-value]

    def _invalidate(self, used: str | None) -> None:
        with self._token_lock:
            if self._token == used:
                self._token = None

    def configuration(self) -> dict:
        """`cxone-configuration` for the tenant of the token (api_endpoint, area, domain), from the issuer."""
        if self._configuration is None:
            self.token()
            tenant_id = self._claims.get(routes.TENANT_ID_CLAIM)
            if not tenant_id:
                raise CxoneError(
                    "API discovery impossible: the token carries no tenant id; "
                    "set base_url_env (and dfo_url_env) in the environment"
                )
            response = self._send(
                "GET", self._issuer() + routes.CXONE_CONFIGURATION, params={"tenantId": tenant_id}, authenticated=False
            )
            body = _json(response) if response.status_code == 200 else {}
            if not body.get("api_endpoint"):
                raise CxoneError(
                    f"API discovery failed (HTTP {response.status_code}); "
                    "set base_url_env (and dfo_url_env) in the environment"
                )
            self._configuration = body
        return self._configuration

    def api_base(self) -> str:
        if self._api_base is None:
            self._api_base = str(self.configuration()["api_endpoint"]).rstrip("/")
        return self._api_base

    def dfo_base(self) -> str:
        """The DFO host: dfo_url_env, else as common-sdk derives it from cxone-configuration's area/domain."""
        if self._dfo_base is None:
            area = domain = None
            match = re.fullmatch(r"api-([a-z0-9]+)\.(.+)", urlsplit(self.api_base()).hostname or "")
            if self.settings.base_url and match:  # the API host was given: same derivation, no discovery
                area, domain = match.groups()
            else:
                configuration = self.configuration()
                area, domain = configuration.get("area"), configuration.get("domain")
            if not area or not domain:
                raise CxoneError("cannot derive the Digital Experience host (no area/domain); set dfo_url_env")
            self._dfo_base = routes.dfo_base(str(area), str(domain))
        return self._dfo_base

    def admin_url(self, path: str) -> str:
        resource = path.strip("/").split("/")[0]
        version = (
            self.settings.api_versions.get(resource)
            or self.settings.api_version
            or routes.ADMIN_VERSIONS.get(resource, "23.0")
        )
        return f"{self.api_base()}/incontactapi/services/v{str(version).lstrip('vV')}{path}"

    def dfo_url(self, path: str) -> str:
        return self.dfo_base() + routes.DFO_PREFIX + path

    def hub_url(self, path: str) -> str:
        return self.api_base() + path

    # --- one call, retried ----------------------------------------------------------------
    def _send(
        self,
        method: str,
        url: str,
        *,
        params: dict | None = None,
        json_body=None,
        data=None,
        auth=None,
        authenticated: bool = True,
        retry_post: bool = False,
        create_check: Callable[[], object] | None = None,
        read: bool = False,
    ) -> requests.Response:
        """Send with retries on 429 (Retry-After honoured, never below the backoff), 5xx and broken
        connections, each bounded by max_attempts; connection failures also by a time budget.

        A POST is retried only when `retry_post` says it is harmless (login, a search) or after
        `create_check` (a read) shows the create did not happen; if it did, a `Found` is returned
        by `create()`. A GET, or a call marked `read` (a search POST), takes one of the
        `read_parallelism` slots while it is in flight. A 429 holds back every caller until its
        wait is over, so concurrent readers back off together instead of each meeting the limit.
        """
        path = urlsplit(url).path
        host = urlsplit(url).netloc
        attempt = 0
        renewed = False
        first_failure: float | None = None
        started = time.monotonic()
        while True:
            if self._unreachable:
                raise Unreachable(self._unreachable, method=method, path=path)
            if self._abandoned:
                raise CxoneError(f"{method} {path}: not sent, the read was abandoned", method=method, path=path)
            attempt += 1
            headers = {}
            token = None
            if authenticated:
                token = self.token()
                headers["Authorization"] = f"Bearer {token}"
            retry_after: float | None = None
            self._wait_if_held_back()
            try:
                self.calls += 1
                # The slot first: the deadline counts the call itself, not the wait for a slot.
                with self._read_slot() if method == "GET" or read else _no_slot(), \
                        deadline.within(self.settings.request_deadline_seconds):
                    response = answered = self._session().request(
                        method,
                        url,
                        params=params,
                        json=json_body,
                        data=data,
                        auth=auth,
                        headers=headers,
                        allow_redirects=False,
                        timeout=(self.settings.connect_timeout, self.settings.read_timeout),
                    )
            except deadline.DeadlinePassed:  # a server trickling its answer: not retried
                self._log(method, url, "deadline passed", attempt)
                raise CxoneError(
                    self.redact(f"{method} {path}: no complete answer within {self.settings.request_deadline_seconds:g}"
                                f" s (request_deadline_seconds); the call was abandoned"
                                + ("; it may have been carried out: the next plan shows" if method != "GET" else "")),
                    method=method, path=path,
                ) from None
            except (requests.ConnectionError, requests.Timeout) as error:
                failure = f"connection failed ({type(error).__name__})"
                response = None
                now = time.monotonic()
                first_failure = first_failure or now
                self._log(method, url, failure, attempt)
                if (
                    now - first_failure >= self.settings.unreachable_after_seconds
                    or attempt >= self.settings.max_attempts
                ):
                    self._unreachable = self.redact(
                        f"cannot reach {host}: {failure} for {now - started:.0f} s "
                        f"({attempt} attempts); check the environment's base_url_env / dfo_url_env / auth_url_env "
                        f"and the network"
                    )
                    raise Unreachable(self._unreachable, method=method, path=path) from None
            except requests.RequestException as error:  # malformed URL and the like: not retried
                raise CxoneError(
                    self.redact(f"{method} {path}: {type(error).__name__}: {error}"), method=method, path=path
                ) from None
            else:
                status = answered.status_code  # `answered`: the request's response, never None here
                self._log(method, url, str(status), attempt)
                if status == 401 and authenticated and not renewed:
                    renewed = True  # the token expired early or was revoked: renew once, same attempt
                    self._invalidate(token)
                    attempt -= 1
                    continue
                if status not in RETRIED_STATUSES:
                    return answered
                failure = f"HTTP {status}"
                if status == 429:
                    retry_after = parse_retry_after(answered.headers.get("Retry-After"))
            if attempt >= self.settings.max_attempts:
                description = self._description(response) if response is not None else ""
                raise CxoneError(
                    self.redact(
                        f"{method} {path}: gave up after {attempt} attempts, last: {failure}"
                        + (f": {description}" if description else "")
                    ),
                    status=response.status_code if response is not None else None,
                    description=description,
                    method=method,
                    path=path,
                )
            wait = self._backoff(attempt)  # the floor: `Retry-After: 0` must not mean "hammer it"
            if retry_after is not None:
                wait = max(wait, min(retry_after, self.settings.retry_after_max_seconds))
                self._hold_back(wait)
            if response is None and first_failure is not None:  # never sleep past the fail-fast budget
                wait = min(wait, max(0.0, self.settings.unreachable_after_seconds - (time.monotonic() - first_failure)))
            self.settings.sleep(wait)
            if method == "POST" and not retry_post:
                if create_check is None:
                    raise CxoneError(
                        f"{method} {path}: {failure}; not retried, as it may have been carried out",
                        method=method,
                        path=path,
                    )
                found = create_check()
                if found is not None:
                    raise _FoundSignal(found)

    def _description(self, response: requests.Response | None) -> str:
        if response is None:
            return ""
        body = _json(response)
        text = error_description(body) if body else (response.text or "").strip()
        return self.redact(" ".join(str(text).split())[:300])

    def request(
        self,
        method: str,
        url: str,
        *,
        params: dict | None = None,
        json_body=None,
        ok: tuple[int, ...] = (200, 201, 202, 204),
        retry_post: bool = False,
        read: bool = False,
    ) -> requests.Response:
        """A call that is safe to repeat (GET, PUT, DELETE, a search POST); CxoneError outside `ok`.
        `read`: a POST that only reads (a search), bounded with the other reads."""
        response = self._send(method, url, params=params, json_body=json_body, retry_post=retry_post, read=read)
        if response.status_code not in ok:
            self._raise(method, url, response)
        return response

    def create(self, url: str, body, find: Callable[[], object]) -> requests.Response | Found:
        """POST a create; if a failure leaves it in doubt, `find()` (a read) decides before any retry."""
        try:
            response = self._send("POST", url, json_body=body, create_check=find)
        except _FoundSignal as signal:
            return Found(signal.value)
        if response.status_code not in (200, 201, 202, 204):
            self._raise("POST", url, response)
        return response

    def _raise(self, method: str, url: str, response: requests.Response):
        description = self._description(response)
        path = urlsplit(url).path
        raise CxoneError(
            self.redact(
                f"{method} {path} answered HTTP {response.status_code}" + (f": {description}" if description else "")
            ),
            status=response.status_code,
            description=description,
            method=method,
            path=path,
        )

    def get_json(self, url: str, params: dict | None = None):
        """GET a JSON document; None for 204 (the admin API's empty answer)."""
        response = self._send("GET", url, params=params)
        if response.status_code == 204:
            return None
        if response.status_code != 200:
            self._raise("GET", url, response)
        return _body(response)

    # --- paging ---------------------------------------------------------------------------
    def admin_list(
        self,
        path: str,
        list_key: str,
        params: dict | None = None,
        identity: Identity | None = None,
        row: type[Row] | None = None,
    ) -> list[Any]:
        """Every item of an admin list, or a `IncompleteList` error: never a short list.

        skip/top (cj:AdminAgentsService.ts getAgents); `top` is `page_size` (100: cxone-mcp
        src/cxone.js "skip/top (default 50, max 100)"), and the server may cap it lower. The first
        page gives totalRecords and the server's page size (the records it sent); the other pages
        are read in parallel at skips that advance by that size, each checked to be full and to
        report the same total. 204 is an empty list (tap streams.py). `identity` names an item
        (its id field(s)): an item read twice is an error, as is any count that does not add up.
        `row`: each item is kept as that `Row` (only the fields the plan reads, rows.py) as its page
        arrives: a tenant's 70,000 skill assignments come with their skill's and campaign's names."""
        top = max(1, self.settings.page_size)
        url = self.admin_url(path)
        key = identity or IDENTITIES.get(list_key)

        def page(skip: int) -> tuple[list[Any], int | None]:
            items, total = admin_page_items(self.get_json(url, dict(params or {}, skip=skip, top=top)), list_key)
            if row is not None:
                return [row.of(item) for item in items], total
            return items, total

        items, total = page(0)
        path_only = urlsplit(url).path
        if total is None:  # no total on this answer: read on until an empty page (or 204)
            more = items
            while more:
                more, _ = page(len(items))
                items += more
                if len(items) > MAX_LIST_ITEMS:
                    raise IncompleteList(f"GET {path_only}: more than {MAX_LIST_ITEMS} records and no total")
            return unique_items(items, key, url)
        if len(items) > total or (not items and total):
            raise IncompleteList(f"GET {path_only}: the first page holds {len(items)} records of a total of {total}")
        if len(items) == total:
            return unique_items(items, key, url)
        step = len(items)  # the server's page size: what it sent for `top`
        skips = range(step, total, step)

        def checked(skip: int) -> list[dict]:
            more, their_total = page(skip)
            expected = min(step, total - skip)
            if their_total != total or len(more) != expected:
                raise IncompleteList(
                    f"GET {path_only}?skip={skip}: {len(more)} records where {expected} were due "
                    f"(totalRecords {their_total}, first read {total}): the list changed while it was read "
                    f"or the server paged it otherwise; nothing was planned from it, run the plan again"
                )
            return more

        for more in self.pool().map(checked, skips) if len(skips) > 1 else map(checked, skips):
            items += more
        return unique_items(items, key, url)

    def dfo_list(self, path: str, params: dict | None = None) -> list[dict]:
        """Every channel of `GET /dfo/3.0/channels` (a bare array; `page`, `size`, `orderBy`, `order`:
        cj:DigitalChannelService.ts getChannels). The array carries no total, and the server may send
        fewer than `size`: pages (from 1) are read until an empty page or one shorter than the
        largest seen, in id order; an id read twice is an error (the list changed, or `page` is
        not honoured), never a short or doubled list."""
        size = min(max(1, self.settings.page_size), DFO_PAGE_SIZE)
        url = self.dfo_url(path)
        items: list[dict] = []
        largest = 0
        for number in range(1, MAX_LIST_ITEMS + 1):
            body = self.get_json(url, dict(params or {}, page=number, size=size, orderBy="id", order="asc"))
            page = [item for item in (body if isinstance(body, list) else []) if isinstance(item, dict)]
            if body is not None and not isinstance(body, list):
                raise IncompleteList(f"GET {urlsplit(url).path}: the answer is not the published array")
            items += page
            if page:
                unique_items(items, ("id",), url)
            if not page or len(page) < largest:
                return items
            largest = max(largest, len(page))
        raise IncompleteList(f"GET {urlsplit(url).path}: more than {MAX_LIST_ITEMS} pages")

    def dfo_search(self, path: str, params: dict | None = None) -> list[dict]:
        """Every item of a DFO search answering `{hits, data}` with no paging parameter
        (`GET /dfo/3.0/routing-queues`: cj:DigitalRoutingqueueService.ts searchRoutingQueues takes
        `size`, not `page`): one read of `size=500` (NICE's agent SDK reads queues so), items
        deduplicated by id; fewer distinct items than `hits` is an error, never a short list."""
        url = self.dfo_url(path)
        body = self.get_json(url, dict(params or {}, size=DFO_SEARCH_SIZE))
        if body is None:
            return []
        if not isinstance(body, dict):
            raise IncompleteList(f"GET {urlsplit(url).path}: the answer is not the published {{hits, data}}")
        found: dict[object, dict] = {}
        for item in body.get("data") or []:
            if isinstance(item, dict):
                found.setdefault(item.get("id"), item)
        hits = body.get("hits")
        if isinstance(hits, int) and hits > len(found):
            raise IncompleteList(
                f"GET {urlsplit(url).path}: {len(found)} of {hits} items in one answer of size={DFO_SEARCH_SIZE}, "
                f"and the published route has no page parameter: the rest cannot be read"
            )
        return list(found.values())


Identity = tuple[str, ...]  # the fields that name one item of a list
# The id fields of each admin list (cj:admin/*.ts): an item read twice is a paging error.
IDENTITIES: dict[str, Identity] = {
    "skills": ("skillId",),
    "agents": ("agentId",),
    "agentSkillAssignments": ("agentId", "skillId"),
    "campaigns": ("id", "campaignId"),
    "scriptSearchDetails": ("masterID",),
}
MAX_LIST_ITEMS = 1_000_000  # a bound on any list, so a server that pages forever stops the read


class IncompleteList(CxoneError):
    """A list read that cannot prove it holds every record: planning from it would lose objects."""


def unique_items(items: list[dict], identity: Identity | None, url: str) -> list[dict]:
    """`items`, checked to name each item once (by `identity`; a missing field is not compared)."""
    if not identity:
        return items
    seen: set = set()
    for item in items:
        name = tuple(item.get(field) for field in identity)
        if all(value is None for value in name):
            continue
        if name in seen:
            raise IncompleteList(
                f"GET {urlsplit(url).path}: {', '.join(identity)} {'/'.join(map(str, name))} was read twice: "
                f"the list changed while it was read or its pages overlap; run the plan again"
            )
        seen.add(name)
    return items


def admin_page_items(body, list_key: str) -> tuple[list[dict], int | None]:
    """A page of an admin list: `{totalRecords, <list>: [...]}`, sometimes under `resultSet`."""
    if not isinstance(body, dict):
        return [], 0
    if isinstance(body.get("resultSet"), dict):
        body = body["resultSet"]
    items = body.get(list_key) or []
    total = body.get("totalRecords")
    return [item for item in items if isinstance(item, dict)], (int(total) if isinstance(total, int) else None)


@contextmanager
def _no_slot() -> Iterator[None]:
    """A write: bounded by the apply's own --parallelism, not by the read's slots."""
    yield


class _FoundSignal(Exception):
    def __init__(self, value):
        super().__init__("found")
        self.value = value


def _body(response: requests.Response):
    if not response.content:
        return {}
    try:
        return response.json()
    except ValueError:
        return {}


def _json(response: requests.Response | None) -> dict:
    if response is None:
        return {}
    body = _body(response)
    return body if isinstance(body, dict) else {}
