"""The CXone provider: an environment with `provider: cxone` in acdplan.yaml.

Settings (all optional but the credentials; values that are secrets or hosts come from the
environment variables the settings name, never from the specs or acdplan.yaml itself):

  base_url_env       variable holding the API base URL (https://api-na1.niceincontact.com, or the
                     emulator's http://127.0.0.1:PORT); unset: discovered from the auth server
  auth_url_env       variable holding the authentication server (issuer) URL; default: the base URL,
                     else https://cxone.niceincontact.com
  credentials_env    [ACCESS_KEY_ID variable, ACCESS_KEY_SECRET variable]
                     (default [CXONE_ACCESS_KEY_ID, CXONE_ACCESS_KEY_SECRET])
  client_id_env, client_secret_env   variables of the registered application's client id/secret
  api_version        admin API version (default 31.0)
  page_size, connect_timeout, read_timeout, max_attempts, backoff_base_seconds,
  backoff_max_seconds, retry_after_max_seconds      transport tuning
"""

from __future__ import annotations

import os

from acdplan.config import ConfigError, Environment
from acdplan.diagnostics import Diagnostic, Severity
from acdplan.providers.cxone import mapping
from acdplan.providers.cxone.client import ClientSettings, CxoneClient, CxoneError, Redactor
from acdplan.providers.cxone.provider import CxoneProvider

DEFAULT_CREDENTIALS_ENV = ("CXONE_ACCESS_KEY_ID", "CXONE_ACCESS_KEY_SECRET")
_NUMBERS = {
    "page_size": int, "connect_timeout": float, "read_timeout": float, "max_attempts": int,
    "backoff_base_seconds": float, "backoff_max_seconds": float, "retry_after_max_seconds": float,
}


def client_settings(environment: Environment, environ: dict | None = None) -> tuple[ClientSettings, str]:
    """The client settings of an environment, and where its access key comes from (for messages)."""
    environ = os.environ if environ is None else environ
    settings = environment.settings
    problems: list[str] = []

    def variable(setting: str, required: bool, default_name: str | None = None) -> str | None:
        name = settings.get(setting, default_name)
        if name is None:
            return None
        if not isinstance(name, str) or not name:
            problems.append(f"{setting} must name an environment variable")
            return None
        value = environ.get(name)
        if value is None or value == "":
            if required or setting in settings:
                problems.append(f"environment variable {name} ({setting}) is not set")
            return None
        return value

    credentials = settings.get("credentials_env", list(DEFAULT_CREDENTIALS_ENV))
    if not (isinstance(credentials, (list, tuple)) and len(credentials) == 2 and all(isinstance(n, str) for n in credentials)):
        problems.append("credentials_env must be [ACCESS_KEY_ID variable, ACCESS_KEY_SECRET variable]")
        credentials = list(DEFAULT_CREDENTIALS_ENV)
    key_id = variable("credentials_env[0]", True, credentials[0])
    key_secret = variable("credentials_env[1]", True, credentials[1])
    base_url = variable("base_url_env", False)
    auth_url = variable("auth_url_env", False) or base_url or mapping.DEFAULT_AUTH_URL
    client_id = variable("client_id_env", False)
    client_secret = variable("client_secret_env", False)
    numbers = {}
    for key, kind in _NUMBERS.items():
        if key in settings:
            try:
                numbers[key] = kind(settings[key])
            except (TypeError, ValueError):
                problems.append(f"{key} must be a number")
    if problems:
        raise ConfigError([Diagnostic("SC001", Severity.ERROR, f"environment {environment.name!r}: {problem}",
                                      "acdplan.yaml", 1, 1) for problem in problems])
    return ClientSettings(
        key_id=key_id or "", key_secret=key_secret or "", auth_url=auth_url, base_url=base_url,
        client_id=client_id, client_secret=client_secret,
        api_version=str(settings.get("api_version", mapping.DEFAULT_API_VERSION)), **numbers,
    ), f"${credentials[0]}"


def open_cxone(environment: Environment) -> CxoneProvider:
    settings, hint = client_settings(environment)
    client = CxoneClient(settings, Redactor())
    return CxoneProvider(client, environment.name, hint)


__all__ = ["CxoneClient", "CxoneError", "CxoneProvider", "ClientSettings", "Redactor", "client_settings", "open_cxone"]
