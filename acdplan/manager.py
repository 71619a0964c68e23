"""Drive one run of the pipeline for an environment: load -> validate -> model -> plan -> apply.

Commands are thin shells around these functions (as octoDNS's cmds around its Manager), so the
whole engine is usable, and tested, without the command line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from acdplan.apply import ApplyResult, apply_plan, check_fresh
from acdplan.config import Environment
from acdplan.load import load_spec_folder
from acdplan.plan import Plan, PlanInputs, SafetyLimits, make_plan
from acdplan.plan.serialize import plan_from_dict, plan_to_dict
from acdplan.providers import Provider, TenantSnapshot, open_provider
from acdplan.state import State, StateBackend, StateStore, open_backend
from acdplan.state.backends import lock_environment
from acdplan.validate import ValidationResult, validate_loaded

STATE_DIR = ".acdplan/state"


def state_store(environment: Environment, fsync: bool = True) -> StateBackend:
    return open_backend(environment, fsync=fsync)


def lock_for(environment: Environment, operation: str, timeout: float):
    return lock_environment(environment, operation, timeout)


@dataclass(slots=True)
class PlanRun:
    validation: ValidationResult
    plan: Plan | None = None
    provider: Provider | None = None
    store: StateStore | None = None
    state: State | None = None
    snapshot: TenantSnapshot | None = None

    @property
    def ok(self) -> bool:
        return self.plan is not None and not self.validation.errors and not self.plan.errors

    def close(self) -> None:
        if self.provider is not None:
            self.provider.close()
        if self.store is not None:
            self.store.close()


def plan_environment(specs: Path, environment: Environment, variables: dict | None = None, force: bool = False,
                     provider: Provider | None = None) -> PlanRun:
    """Validate the specs and, when they are sound, plan them against the environment's tenant."""
    validation = validate_loaded(load_spec_folder(specs, variables if variables is not None else environment.vars))
    run = PlanRun(validation)
    if validation.spec is None or validation.errors:
        return run
    validation.loaded.data = {}  # the model holds it all now; a large tenant's plan peaks 15 MB lower
    run.provider = provider or open_provider(environment)
    run.store = state_store(environment)
    run.state = run.store.read()
    run.snapshot = run.provider.read()
    run.plan = make_plan(PlanInputs(
        spec=validation.spec, sources=validation.loaded.sources, snapshot=run.snapshot, state=run.state,
        environment=environment.name, provider=run.provider, spec_hash=validation.loaded.spec_hash,
        safety=SafetyLimits.from_settings(environment.settings.get("safety"), force=force),
    ))
    return run


def apply_run(run: PlanRun, parallelism: int = 1, on_step=None) -> ApplyResult:
    """Apply a fresh plan (made in this process, under the caller's lock)."""
    return apply_plan(run.plan, run.provider, run.store, run.state, parallelism, on_step)


def save_plan(plan: Plan, path: Path) -> None:
    from acdplan.state.atomic import atomic_write

    atomic_write(Path(path), json.dumps(plan_to_dict(plan), indent=1, sort_keys=False).encode("utf-8"), backup=False)


def load_saved_plan(path: Path) -> Plan:
    return plan_from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


def open_saved_plan(plan: Plan, environment: Environment, provider: Provider | None = None) -> PlanRun:
    """Re-read the tenant and state for a saved plan and refuse it if stale (StalePlan)."""
    run = PlanRun(ValidationResult(loaded=None), plan)  # type: ignore[arg-type]
    run.provider = provider or open_provider(environment)
    run.store = state_store(environment)
    run.state = run.store.read()
    run.snapshot = run.provider.read()
    check_fresh(plan, run.state, run.snapshot, environment.name)
    return run
