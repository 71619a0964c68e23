"""Pick an environment's state backend by name, as providers are picked (acdplan/providers/__init__.py).

`acdplan.yaml`:
    environments:
      production:
        state:
          backend: postgres          # or local (the default)
          dsn_env: ACDPLAN_STATE_DSN # the DSN is read from this variable, never from a file
          schema: acdplan            # optional
`state_dir` keeps choosing the local backend's folder.
"""

from __future__ import annotations

import importlib
import os

from acdplan.config import Environment
from acdplan.state.backend import StateBackend
from acdplan.state.corrupt import StateUnusable

STATE_DIR = ".acdplan/state"
DEFAULT_DSN_ENV = "ACDPLAN_STATE_DSN"
DEFAULT_SCHEMA = "acdplan"

_IMPLEMENTATIONS = {
    "local": "acdplan.state.backends:open_local",
    "postgres": "acdplan.state.backends:open_postgres",
}


def state_settings(environment: Environment) -> dict:
    settings = environment.settings.get("state") or {}
    return settings if isinstance(settings, dict) else {}


def backend_name(environment: Environment) -> str:
    return state_settings(environment).get("backend", "local")


def open_backend(environment: Environment, backend: str | None = None, fsync: bool = True) -> StateBackend:
    """The state backend of `environment` (or the backend named `backend` for the same environment)."""
    name = backend or backend_name(environment)
    target = _IMPLEMENTATIONS.get(name)
    if target is None:
        raise StateUnusable("ST002", f"environment {environment.name!r}: unknown state backend {name!r} "
                                     f"(known: {', '.join(sorted(_IMPLEMENTATIONS))})", "acdplan.yaml")
    module_name, _, factory = target.partition(":")
    return getattr(importlib.import_module(module_name), factory)(environment, fsync=fsync)


def open_local(environment: Environment, fsync: bool = True) -> StateBackend:
    from acdplan.state.store import StateStore

    return StateStore(environment.path_setting("state_dir", STATE_DIR, folder=True), environment.name, fsync=fsync)


def open_postgres(environment: Environment, fsync: bool = True) -> StateBackend:
    from acdplan.state.postgres import PostgresBackend

    settings = state_settings(environment)
    variable = settings.get("dsn_env", DEFAULT_DSN_ENV)
    dsn = os.environ.get(variable, "").strip()
    if not dsn:
        raise StateUnusable("ST002", f"environment {environment.name!r}: the postgres state backend reads its DSN "
                                     f"from the variable {variable}, which is not set", "acdplan.yaml")
    from acdplan.state.postgres import LOCK_TIMEOUT_S, STATEMENT_TIMEOUT_S

    return PostgresBackend(dsn, settings.get("schema", DEFAULT_SCHEMA), environment.name, variable,
                           lock_timeout=float(settings.get("lock_timeout", LOCK_TIMEOUT_S)),
                           statement_timeout=float(settings.get("statement_timeout", STATEMENT_TIMEOUT_S)))


def known_backends() -> list[str]:
    return sorted(_IMPLEMENTATIONS)


class EnvironmentLock:
    """`with lock_environment(env, "apply", timeout):` the environment's state lock, from whichever
    backend keeps it; the backend opened for the lock is closed with it."""

    def __init__(self, environment: Environment, operation: str, timeout: float):
        self.backend = open_backend(environment)
        self._context = self.backend.lock(operation, timeout)

    def __enter__(self):
        try:
            return self._context.__enter__()
        except BaseException:
            self.backend.close()
            raise

    def __exit__(self, *exc) -> None:
        try:
            self._context.__exit__(*exc)
        finally:
            self.backend.close()


def lock_environment(environment: Environment, operation: str, timeout: float) -> EnvironmentLock:
    return EnvironmentLock(environment, operation, timeout)
