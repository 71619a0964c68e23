"""`acdplan state migrate --to ENV-or-BACKEND`: copy a state, lineage and history, between backends.

The copy keeps the lineage and serial (so saved plans stay valid) and every version; it goes
only into an empty destination, under both locks. Afterwards `acdplan.yaml` is changed by hand
to the new backend (README, "Where state lives").
"""

from __future__ import annotations

from acdplan.config import Environment, ProjectConfig
from acdplan.state.backend import StateBackend
from acdplan.state.backends import known_backends, open_backend


def destination_backend(config: ProjectConfig, source: Environment, target: str,
                        schema: str | None = None) -> StateBackend:
    """An environment of the project file, else a backend name for the source environment
    (`postgres` with the environment's `state.dsn_env`, and `schema` or its `state.schema`)."""
    if target in config.environments:
        return open_backend(config.environments[target])
    if target in known_backends():
        if schema:
            settings = dict(source.settings, state={**(source.settings.get("state") or {}), "schema": schema})
            source = Environment(source.name, source.provider, settings, source.vars, source.root)
        return open_backend(source, backend=target)
    known = ", ".join(sorted(config.environments) + known_backends())
    raise LookupError(f"--to {target!r} is neither an environment of acdplan.yaml nor a backend (known: {known})")


def migrate(config: ProjectConfig, source_env: Environment, target: str, lock_timeout: float,
            schema: str | None = None) -> str:
    source = open_backend(source_env)
    try:
        destination = destination_backend(config, source_env, target, schema)
        try:
            if source.location == destination.location:
                raise LookupError(f"the state of {source_env.name!r} is already in {source.location}")
            with source.lock("state migrate", lock_timeout), destination.lock("state migrate", lock_timeout):
                state = source.read()
                if state.serial == 0:
                    raise LookupError(f"there is no state to migrate in {source.location}")
                versions = source.versions()
                if not versions or versions[-1]["serial"] != state.serial:
                    versions.append({"serial": state.serial, "ops": [{"op": "replace", "path": [],
                                                                      "value": state.document}],
                                     "by": source.run_info.by(None)})  # the state as it was: history starts here
                document = dict(state.document, environment=getattr(destination, "environment", source_env.name))
                destination.load_copy(document, versions)
            return (f"Copied the state of {source_env.name!r} (lineage {state.lineage}, serial {state.serial}, "
                    f"{len(state.resources)} objects, {len(versions)} versions) from {source.location} to "
                    f"{destination.location}. Point acdplan.yaml at the new backend, then check: acdplan plan")
        finally:
            destination.close()
    finally:
        source.close()
