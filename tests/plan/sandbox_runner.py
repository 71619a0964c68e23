"""Plan and apply model-level spec data against a sandbox in a folder, for engine tests."""

from __future__ import annotations

from pathlib import Path

from acdplan.apply import apply_plan
from acdplan.load.positions import SourceMap
from acdplan.model import build_spec
from acdplan.plan import PlanInputs, SafetyLimits, make_plan
from acdplan.plan.guards import guard
from acdplan.providers.local import LocalProvider
from acdplan.report.ui_paths import annotate
from acdplan.state import StateStore


class EngineRun:
    """Plan and apply against one provider with a state in a folder; subclasses say which provider."""

    environment_name = "sandbox"

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def provider(self):
        raise NotImplementedError

    def store(self) -> StateStore:
        return StateStore(self.folder / "state", self.environment_name, fsync=False)

    def plan(self, data: dict, provider=None, store=None, force: bool = True, import_existing: bool = False):
        provider = provider or self.provider()
        store = store or self.store()
        state = store.read()
        provider.use_state(state.applied_document)  # as the engine does before reading
        snapshot = provider.read()
        inputs = PlanInputs(build_spec(data), SourceMap(), snapshot, state, self.environment_name, provider.name,
                            safety=SafetyLimits(force=force), import_existing=import_existing,
                            credential_user=provider.credential_user())
        plan = make_plan(inputs)
        annotate(plan)
        provider.mark_manual(plan, snapshot)  # the hook the engine calls after planning
        guard(plan, inputs)
        return plan, provider, store, state

    def inputs(self, data: dict, import_existing: bool = False) -> PlanInputs:
        """What `plan` gives the planner for `data` (provider and store read, then closed)."""
        provider, store = self.provider(), self.store()
        try:
            state = store.read()
            provider.use_state(state.applied_document)
            return PlanInputs(build_spec(data), SourceMap(), provider.read(), state, self.environment_name,
                              provider.name, safety=SafetyLimits(force=True), import_existing=import_existing,
                              credential_user=provider.credential_user())
        finally:
            provider.close()
            store.close()

    def planned(self, data: dict, **options):
        """(a plan of `data`, the tenant as read after it), with the provider and store closed."""
        plan, provider, store, _ = self.plan(data, **options)
        try:
            return plan, provider.read()
        finally:
            provider.close()
            store.close()

    def apply(self, data: dict, parallelism: int = 1, provider=None):
        plan, provider, store, state = self.plan(data, provider=provider)
        try:
            assert not plan.errors, plan.errors
            return plan, apply_plan(plan, provider, store, state, parallelism)
        finally:
            provider.close()
            store.close()

    def pending(self, data: dict) -> list:
        """The acting changes a fresh plan of `data` would make."""
        plan, provider, store, _ = self.plan(data)
        provider.close()
        store.close()
        return [(c.address, c.action.value) for c in plan.changes if c.acts]

    def tenant(self) -> dict:
        provider = self.provider()
        try:
            return provider.read().objects
        finally:
            provider.close()

    def state_resources(self) -> dict:
        store = self.store()
        resources = store.read().resources
        store.close()
        return resources


class Sandbox(EngineRun):
    def provider(self) -> LocalProvider:
        return LocalProvider(self.folder / "sandbox.json", fsync=False)
