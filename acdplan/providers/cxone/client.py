"""HTTP transport to NICE CXone: access-key tokens, API discovery, paging, retries, redaction.

Built on `requests` (already the de-facto HTTP client of Python tooling, synchronous like the rest
of acdplan, with connection pooling per session). Retries are our own small loop rather than
urllib3's `Retry`, because a create (POST) may be retried only after a read shows that it did
not happen, which urllib3 cannot express.

Nothing here knows CXone object fields: endpoints and shapes live in `mapping.py`. Every message
this module produces (exceptions, log lines) goes through one `Redactor`, which removes every
secret and token it has been told about.
"""

from __future__ import annotations

import base64
import email.utils
import json
import logging
import random
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urlsplit

import requests

from acdplan.providers.cxone import mapping
from acdplan.providers.base import ProviderError
from acdplan.sensitive import redact_text

log = logging.getLogger("acdplan.cxone")

RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})
TOKEN_REFRESH_MARGIN = 60.0  # seconds before expiry at which a token is renewed
MIN_SECRET_LENGTH = 4  # shorter values would redact ordinary words


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
                # the same value as it travels in a form body or an Authorization header
                self._secrets.add(requests.utils.quote(secret, safe=""))

    def __call__(self, text: object) -> str:
        text = str(text)
        with self._lock:
            secrets = sorted(self._secrets, key=len, reverse=True)
        for secret in secrets:
            if secret in text:
                text = text.replace(secret, self.MASK)
        return redact_text(text)  # and the values the specs mark sensitive (acdplan/sensitive.py)


class CxoneError(ProviderError):
    """CXone could not be reached or refused a call; the message is already redacted."""

    def __init__(self, message: str, status: int | None = None, description: str = "",
                 method: str = "", path: str = ""):
        super().__init__(message)
        self.status = status
        self.description = description
        self.method = method
        self.path = path


class AuthenticationFailed(CxoneError):
    """The token endpoint refused the access key (wrong id/secret, disabled key, bad client)."""


@dataclass(slots=True)
class ClientSettings:
    key_id: str
    key_secret: str
    auth_url: str  # the authentication server (issuer); discovery documents live under it
    base_url: str | None = None  # the API host; None: discover it from the issuer
    client_id: str | None = None
    client_secret: str | None = None
    api_version: str = mapping.DEFAULT_API_VERSION
    page_size: int = 100
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    max_attempts: int = 8
    backoff_base_seconds: float = 0.5
    backoff_max_seconds: float = 8.0
    retry_after_max_seconds: float = 120.0
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
        when = when.replace(tzinfo=timezone.utc)
    now = now or datetime.now(timezone.utc)
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


@dataclass(slots=True)
class Found:
    """A create that the server had already carried out (found by a read before retrying)."""

    value: object


class CxoneClient:
    """One tenant's API: authenticated, paged, retried calls. Safe to use from several threads."""

    def __init__(self, settings: ClientSettings, redactor: Redactor | None = None):
        self.settings = settings
        self.redact = redactor or Redactor()
        self.redact.add(settings.key_id)
        self.redact.add(settings.key_secret)
        self.redact.add(settings.client_id)
        self.redact.add(settings.client_secret)
        if settings.client_id:  # as it travels in the token call's Basic header
            self.redact.add(base64.b64encode(f"{settings.client_id}:{settings.client_secret or ''}".encode()).decode())
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._token_lock = threading.Lock()
        self._sessions_lock = threading.Lock()
        self._token: str | None = None
        self._token_renew_at = 0.0
        self._claims: dict = {}
        self._api_base: str | None = settings.base_url.rstrip("/") if settings.base_url else None
        self._rng_lock = threading.Lock()
        self.calls = 0  # HTTP requests sent, retries included (for tests and progress)

    # --- plumbing -----------------------------------------------------------------------
    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers["Accept"] = "application/json"
            session.headers["User-Agent"] = "acdplan (+https://acdplan.dev)"
            self._local.session = session
            with self._sessions_lock:
                self._sessions.append(session)
        return session

    def close(self) -> None:
        with self._sessions_lock:
            sessions, self._sessions = self._sessions, []
        for session in sessions:
            session.close()

    def _timeout(self) -> tuple[float, float]:
        return (self.settings.connect_timeout, self.settings.read_timeout)

    def _backoff(self, attempt: int) -> float:
        """Exponential backoff with jitter: half fixed, half random, capped."""
        ceiling = min(self.settings.backoff_max_seconds, self.settings.backoff_base_seconds * (2 ** (attempt - 1)))
        with self._rng_lock:
            return ceiling / 2 + self.settings.rng.uniform(0, ceiling / 2)

    def _wait(self, seconds: float) -> None:
        if seconds > 0:
            self.settings.sleep(seconds)

    # --- authentication -----------------------------------------------------------------
    def _token_endpoint(self) -> str:
        issuer = self.settings.auth_url.rstrip("/")
        try:
            response = self._send("GET", issuer + mapping.OPENID_CONFIGURATION, authenticated=False)
        except CxoneError:
            response = None
        if response is not None and response.status_code == 200:
            endpoint = _json(response).get(mapping.OPENID_TOKEN_ENDPOINT_FIELD)
            if isinstance(endpoint, str) and endpoint:
                return endpoint
        return issuer + mapping.DEFAULT_TOKEN_PATH

    def _authenticate(self) -> None:
        endpoint = self._token_endpoint()
        form = mapping.token_request_form(self.settings.key_id, self.settings.key_secret,
                                          self.settings.client_id, self.settings.client_secret)
        auth = None
        if self.settings.client_id and mapping.CLIENT_CREDENTIALS_AS_BASIC:
            auth = (self.settings.client_id, self.settings.client_secret or "")
        response = self._send("POST", endpoint, data=form, auth=auth, authenticated=False, retry_post=True)
        if response.status_code != 200:
            description = self._description(response)
            raise AuthenticationFailed(self.redact(
                f"authentication failed: the token endpoint answered HTTP {response.status_code}"
                + (f": {description}" if description else "")
                + " (check the access key id and secret, and the client id/secret if the environment names them)"),
                status=response.status_code, description=description, method="POST", path=urlsplit(endpoint).path)
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
        log.debug(self.redact(f"obtained an access token valid for {lifetime:.0f} s"))

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

    def api_base(self) -> str:
        """The tenant's API host: the configured one, or found by discovery on the issuer."""
        if self._api_base is None:
            self.token()  # discovery needs the tenant id from the token
            tenant_id = self._claims.get(mapping.TENANT_ID_CLAIM)
            if not tenant_id:
                raise CxoneError("API discovery impossible: the token carries no tenant id; "
                                 "set base_url_env in the environment to the API's base URL")
            issuer = self.settings.auth_url.rstrip("/")
            response = self._send("GET", issuer + mapping.CXONE_CONFIGURATION,
                                  params={mapping.CXONE_CONFIGURATION_TENANT_PARAM: tenant_id}, authenticated=False)
            endpoint = _json(response).get(mapping.CXONE_CONFIGURATION_API_FIELD) if response.status_code == 200 else None
            if not isinstance(endpoint, str) or not endpoint:
                raise CxoneError(f"API discovery failed (HTTP {response.status_code}); "
                                 "set base_url_env in the environment to the API's base URL")
            self._api_base = endpoint.rstrip("/")
            log.debug(f"discovered the API endpoint {self._api_base}")
        return self._api_base

    def admin_url(self, path: str) -> str:
        return self.api_base() + mapping.admin_prefix(self.settings.api_version) + path

    def dfo_url(self, path: str) -> str:
        return self.api_base() + mapping.DFO_PREFIX + path

    # --- one call, retried ----------------------------------------------------------------
    def _send(self, method: str, url: str, *, params: dict | None = None, json_body=None, data=None, auth=None,
              authenticated: bool = True, retry_post: bool = False,
              create_check: Callable[[], object] | None = None) -> requests.Response:
        """Send with retries on 429 (Retry-After honoured), 5xx and broken connections.

        A POST is retried only when `retry_post` says it is harmless (the token endpoint) or after
        `create_check` (a read) shows the create did not happen; if it did, a `Found` is raised
        internally and returned by `create()`.
        """
        path = urlsplit(url).path
        attempt = 0
        renewed = False
        while True:
            attempt += 1
            headers = {}
            token = None
            if authenticated:
                token = self.token()
                headers["Authorization"] = f"Bearer {token}"
            failure: str
            retry_after: float | None = None
            try:
                self.calls += 1
                response = self._session().request(method, url, params=params, json=json_body, data=data, auth=auth,
                                                   headers=headers, timeout=self._timeout())
            except (requests.ConnectionError, requests.Timeout) as error:
                failure = f"connection failed ({type(error).__name__})"
                response = None
            except requests.RequestException as error:  # malformed URL and the like: not retried
                raise CxoneError(self.redact(f"{method} {path}: {type(error).__name__}: {error}"),
                                 method=method, path=path) from None
            else:
                status = response.status_code
                if status == 401 and authenticated and not renewed:
                    renewed = True  # the token expired early or was revoked: renew once, same attempt
                    self._invalidate(token)
                    attempt -= 1
                    continue
                if status not in RETRIED_STATUSES:
                    log.debug(self.redact(f"{method} {path} -> {status}"))
                    return response
                failure = f"HTTP {status}"
                if status == 429:
                    retry_after = parse_retry_after(response.headers.get("Retry-After"))
            log.debug(self.redact(f"{method} {path} -> {failure} (attempt {attempt})"))
            if attempt >= self.settings.max_attempts:
                description = self._description(response) if response is not None else ""
                raise CxoneError(self.redact(f"{method} {path}: gave up after {attempt} attempts, last: {failure}"
                                             + (f": {description}" if description else "")),
                                 status=response.status_code if response is not None else None,
                                 description=description, method=method, path=path)
            if retry_after is not None:
                wait = min(retry_after, self.settings.retry_after_max_seconds)
            else:
                wait = self._backoff(attempt)
            self._wait(wait)
            if method == "POST" and not retry_post:
                if create_check is None:
                    raise CxoneError(f"{method} {path}: {failure}; not retried, as it may have been carried out",
                                     method=method, path=path)
                found = create_check()
                if found is not None:
                    log.debug(f"{method} {path}: the create had been carried out before the failure; not repeated")
                    raise _FoundSignal(found)

    def _description(self, response: requests.Response | None) -> str:
        if response is None:
            return ""
        body = _json(response)
        text = mapping.error_description(body) if body else (response.text or "").strip()
        return self.redact(" ".join(str(text).split())[:300])

    def request(self, method: str, url: str, *, params: dict | None = None, json_body=None,
                ok: tuple[int, ...] = (200, 201, 202, 204)) -> requests.Response:
        """An idempotent call (GET, PUT, DELETE); raises CxoneError on a status outside `ok`."""
        response = self._send(method, url, params=params, json_body=json_body)
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
        raise CxoneError(self.redact(f"{method} {path} answered HTTP {response.status_code}"
                                     + (f": {description}" if description else "")),
                         status=response.status_code, description=description, method=method, path=path)

    def get_json(self, url: str, params: dict | None = None, ok_missing: bool = False) -> dict | None:
        """GET a JSON document; None for 204 (CXone's empty answer) or, with ok_missing, for 404."""
        response = self._send("GET", url, params=params)
        if response.status_code == 204 or (ok_missing and response.status_code == 404):
            return None
        if response.status_code != 200:
            self._raise("GET", url, response)
        return _json(response)

    # --- paging ---------------------------------------------------------------------------
    def admin_pages(self, path: str, list_key: str, params: dict | None = None) -> Iterator[dict]:
        """Every item of an admin list, page by page with skip/top (a 204 is an empty page)."""
        skip = 0
        top = self.settings.page_size
        while True:
            query = dict(params or {}, skip=skip, top=top)
            body = self.get_json(self.admin_url(path), query)
            items, total = mapping.admin_page_items(body, list_key)
            yield from items
            skip += len(items)
            if not items or (total is not None and skip >= total) or (total is None and len(items) < top):
                return
            if skip >= 1_000_000:  # a server that ignores skip must not keep us here forever
                raise CxoneError(f"GET {path}: more than a million items, or the paging is broken")

    def dfo_pages(self, path: str, params: dict | None = None) -> Iterator[dict]:
        """Every item of a Digital Experience list, following its cursor."""
        cursor = None
        seen = 0
        while True:
            query = dict(params or {}, **{mapping.DFO_LIMIT_PARAM: self.settings.page_size})
            if cursor:
                query[mapping.DFO_CURSOR_PARAM] = cursor
            body = self.get_json(self.dfo_url(path), query)
            items, cursor = mapping.dfo_page_items(body)
            yield from items
            seen += len(items)
            if not cursor or not items or seen > 1_000_000:
                return


class _FoundSignal(Exception):
    def __init__(self, value):
        super().__init__("found")
        self.value = value


def _json(response: requests.Response | None) -> dict:
    if response is None or not response.content:
        return {}
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {"items": body}
