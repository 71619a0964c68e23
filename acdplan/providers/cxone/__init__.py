"""The CXone provider: an environment with `provider: cxone` in acdplan.yaml.

Settings (all optional but the credentials; values that are secrets or hosts come from the
environment variables the settings name, never from the specs or acdplan.yaml itself):

  base_url_env       variable holding the admin API base URL (https://api-na1.niceincontact.com, or the
                     emulator's http://127.0.0.1:PORT); unset: discovered (cxone-configuration api_endpoint)
  dfo_url_env        variable holding the Digital Experience host's base URL (scheme and host, without
                     /dfo/3.0); unset: https://api-de-{area}.{domain}, as NICE's SDK derives it
  auth_url_env       variable holding the issuer URL (login and discovery); default: the base URL,
                     else https://cxone.niceincontact.com
  credentials_env    [ACCESS_KEY_ID variable, ACCESS_KEY_SECRET variable]
                     (default [CXONE_ACCESS_KEY_ID, CXONE_ACCESS_KEY_SECRET])
  client_id_env, client_secret_env   variables of the registered application's client id/secret
  auth_method        access_key (POST /authentication/v1/token/access-key; the default) or password
                     (the OpenID password grant; the default when client_id_env is set)
  api_version        one admin API version for every resource; api_versions: {resource: version}
  page_size, connect_timeout, read_timeout, max_attempts, backoff_base_seconds,
  backoff_max_seconds, retry_after_max_seconds, unreachable_after_seconds,
  request_deadline_seconds (one whole call, body included; default 120)   transport tuning
  read_parallelism   reads in flight at once while a plan reads the tenant, every list and page
                     together (default 8, 1..32: more presses on CXone's rate limits)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import urlsplit

from acdplan.config import ConfigError, Environment
from acdplan.diagnostics import Diagnostic, Severity
from acdplan.providers.cxone import routes
from acdplan.providers.cxone.client import (
    READ_PARALLELISM_BOUNDS,
    ClientSettings,
    CxoneClient,
    CxoneError,
    Redactor,
    set_verbose,
)
from acdplan.providers.cxone.provider import CxoneProvider

DEFAULT_CREDENTIALS_ENV = ("CXONE_ACCESS_KEY_ID", "CXONE_ACCESS_KEY_SECRET")
_NUMBERS = {
    "page_size": int,
    "connect_timeout": float,
    "read_timeout": float,
    "max_attempts": int,
    "backoff_base_seconds": float,
    "backoff_max_seconds": float,
    "retry_after_max_seconds": float,
    "unreachable_after_seconds": float,
    "request_deadline_seconds": float,
    "read_parallelism": int,
}
AUTH_METHODS = ("access_key", "password")


def client_settings(environment: Environment, environ: Mapping[str, str] | None = None) -> tuple[ClientSettings, str]:
    """The client settings of an environment, and where its access key comes from (for messages)."""
    variables: Mapping[str, str] = os.environ if environ is None else environ
    settings = environment.settings
    problems: list[str] = []

    def variable(setting: str, required: bool, default_name: str | None = None) -> str | None:
        name = settings.get(setting, default_name)
        if name is None:
            return None
        if not isinstance(name, str) or not name:
            problems.append(f"{setting} must name an environment variable")
            return None
        value = variables.get(name)
        if value is None or value == "":
            if required or setting in settings:
                problems.append(f"environment variable {name} ({setting}) is not set")
            return None
        return value

    credentials = settings.get("credentials_env", list(DEFAULT_CREDENTIALS_ENV))
    if not (
        isinstance(credentials, (list, tuple))
        and len(credentials) == 2
        and all(isinstance(n, str) for n in credentials)
    ):
        problems.append("credentials_env must be [ACCESS_KEY_ID variable, ACCESS_KEY_SECRET variable]")
        credentials = list(DEFAULT_CREDENTIALS_ENV)
    key_id = variable("credentials_env[0]", True, credentials[0])
    key_secret = variable("credentials_env[1]", True, credentials[1])
    base_url = variable("base_url_env", False)
    dfo_url = variable("dfo_url_env", False)
    auth_url = variable("auth_url_env", False) or base_url or routes.DEFAULT_ISSUER
    client_id = variable("client_id_env", False)
    client_secret = variable("client_secret_env", False)
    for setting, url in (("base_url_env", base_url), ("dfo_url_env", dfo_url), ("auth_url_env", auth_url)):
        problem = url_problem(url) if setting in settings else None
        if problem:
            problems.append(f"environment variable {settings[setting]} ({setting}) is not a usable URL: {problem}")
    numbers = {}
    for key, kind in _NUMBERS.items():
        if key in settings:
            try:
                numbers[key] = kind(settings[key])
            except (TypeError, ValueError):
                problems.append(f"{key} must be a number")
    low, high = READ_PARALLELISM_BOUNDS
    parallelism = numbers.get("read_parallelism")
    if parallelism is not None and not low <= parallelism <= high:
        problems.append(f"read_parallelism must be between {low} and {high} (CXone's rate limits), not {parallelism}")
    auth_method = settings.get("auth_method", "password" if client_id else "access_key")
    if auth_method not in AUTH_METHODS:
        problems.append(f"auth_method must be one of {', '.join(AUTH_METHODS)}")
    versions = settings.get("api_versions", {})
    if not isinstance(versions, dict) or not all(isinstance(v, (str, int, float)) for v in versions.values()):
        problems.append("api_versions must map admin resources (skills, agents, ...) to versions")
        versions = {}
    if problems:
        raise ConfigError(
            [
                Diagnostic(
                    "SC001", Severity.ERROR, f"environment {environment.name!r}: {problem}", "acdplan.yaml", 1, 1
                )
                for problem in problems
            ]
        )
    return ClientSettings(
        key_id=key_id or "",
        key_secret=key_secret or "",
        auth_url=auth_url,
        base_url=base_url,
        dfo_url=dfo_url,
        client_id=client_id,
        client_secret=client_secret,
        auth_method=auth_method,
        api_version=str(settings["api_version"]) if "api_version" in settings else None,
        api_versions={str(k): str(v) for k, v in versions.items()},
        **numbers,
    ), f"${credentials[0]}"


def url_problem(url: str | None) -> str | None:
    """Why `url` cannot be an API's base URL, or None (the URL itself is never repeated: it may
    hold a user and password)."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of 0..65535
    except ValueError as error:
        return str(error).replace("Port out of range", "its port is out of range")
    if parts.scheme not in ("http", "https"):
        return "it must start with https:// (or http:// for a local emulator)"
    if not parts.hostname:
        return "it names no host"
    return None


def open_cxone(environment: Environment) -> CxoneProvider:
    settings, hint = client_settings(environment)
    client = CxoneClient(settings, Redactor())
    return CxoneProvider(client, environment.name, hint)


__all__ = [
    "ClientSettings",
    "CxoneClient",
    "CxoneError",
    "CxoneProvider",
    "Redactor",
    "client_settings",
    "open_cxone",
    "set_verbose",
]
