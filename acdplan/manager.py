"""The engine's front door: one call per command, each returning an explicit result.

Commands parse their options, make one call here, render what comes back and exit (as
octoDNS's commands around its Manager). Everything between — loading, validation, reading
the tenant and the state, planning, the provider's manual-step hook, UI paths, locking,
saved-plan checks, preflight, confirmation and the apply itself — happens here, so the whole
engine is usable, and tested, without the command line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from acdplan import sensitive
from acdplan.apply import ApplyResult, StalePlan, apply_plan, check_fresh
from acdplan.apply.executor import ProgressCallback
from acdplan.config import Environment
from acdplan.diagnostics import Diagnostic
from acdplan.load import load_spec_folder
from acdplan.plan import Plan, PlanInputs, SafetyLimits, make_plan
from acdplan.plan.forecast import forecast_plan
from acdplan.plan.guards import guard
from acdplan.plan.manual_steps import mark_pending
from acdplan.plan.seal import BrokenSeal, check_same_steps
from acdplan.plan.targeting import restrict_plan
from acdplan.providers import Provider, open_provider
from acdplan.read_ahead import ReadAhead
from acdplan.report.ui_paths import annotate
from acdplan.runtime import settle
from acdplan.saved_plans import is_saved_plan, load_saved_plan, save_plan
from acdplan.state import State, StateBackend, open_backend
from acdplan.state.backends import lock_environment
from acdplan.tenant import TenantSnapshot
from acdplan.validate import ValidationResult, validate_loaded
from acdplan.validate.catalogue import PL001, diagnostic

STATE_DIR = ".acdplan/state"


# --- results: one class per way a run can end --------------------------------------------
@dataclass(frozen=True, slots=True)
class Rejected:
    """The specs (or the saved plan) were refused before any tenant was read."""

    diagnostics: list[Diagnostic]


@dataclass(frozen=True, slots=True)
class Planned:
    """A plan was made; `diagnostics` are the validation findings (warnings), the plan has its own."""

    plan: Plan
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.plan.errors


@dataclass(frozen=True, slots=True)
class Declined:
    """A plan was made and not applied: it has errors, nothing to do, was not confirmed, or failed preflight."""

    plan: Plan
    why: str  # "errors" | "no changes" | "cancelled" | "preflight"
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Applied:
    plan: Plan
    result: ApplyResult
    diagnostics: list[Diagnostic] = field(default_factory=list)


PlanOutcome = Rejected | Planned
ApplyOutcome = Rejected | Declined | Applied


@dataclass(frozen=True, slots=True)
class PlanOptions:
    """What a person may ask of a plan beyond the specs (the same for `plan` and `apply`)."""

    force: bool = False  # accept a plan over the safety threshold
    import_existing: bool = False  # adopt every tenant object that has a spec's name
    targets: tuple[str, ...] = ()  # --target: these objects and what they depend on (acdplan/plan/targeting.py)
    refresh_only: bool = False  # --refresh-only: record the tenant's values in the state, change nothing (plan/refresh.py)


# --- state and locking ------------------------------------------------------------------
def state_store(environment: Environment, fsync: bool = True) -> StateBackend:
    return open_backend(environment, fsync=fsync)


def lock_for(environment: Environment, operation: str, timeout: float):
    return lock_environment(environment, operation, timeout)


@contextmanager
def _nothing() -> Iterator[None]:
    yield


def _open_provider(environment: Environment) -> Provider:
    return open_provider(environment)  # looked up when called: tests replace manager.open_provider


@dataclass(slots=True)
class Session:
    """The provider and state of one environment, opened for one run and always closed.

    The commands' calls below use it; tests and tools that need a step in between (apply
    despite a preflight refusal, say) use it directly: `with Session.open(env) as session:`."""

    environment: Environment
    provider: Provider
    store: StateBackend
    state: State
    snapshot: TenantSnapshot

    @classmethod
    def open(cls, environment: Environment, provider: Provider | None = None) -> Session:
        provider = provider or open_provider(environment)
        store = state_store(environment)
        try:
            state = store.read()
            provider.use_state(state.applied_document)
            snapshot = provider.read()
        except BaseException:
            provider.close()
            store.close()
            raise
        return cls(environment, provider, store, state, snapshot)

    def plan(self, validation: ValidationResult, options: PlanOptions = PlanOptions()) -> Plan:
        """Plan sound specs against the tenant as read: the planner, then the provider's hook."""
        return plan_snapshot(validation, self.environment, provider=self.provider, state=self.state,
                             snapshot=self.snapshot, options=options)

    def apply(self, made: Plan, parallelism: int = 4, on_step: ProgressCallback | None = None) -> ApplyResult:
        self.provider.prepare(made)
        return apply_plan(made, self.provider, self.store, self.state, parallelism, on_step)

    def close(self) -> None:
        try:
            self.provider.close()
        finally:
            self.store.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# --- the calls commands make ---------------------------------------------------------------
def validate(specs: Path, variables: dict | None = None, allow_symlinks_outside: bool = False) -> ValidationResult:
    return validate_loaded(load_spec_folder(specs, variables, allow_symlinks_outside=allow_symlinks_outside))


def _keep_only_the_model(validation: ValidationResult) -> None:
    """Sound specs are planned from their model: the parsed data goes (a large tenant's plan
    peaks 15 MB lower), and what stays lives until the command ends (`runtime.settle`)."""
    validation.loaded.data = {}
    settle()


def plan_snapshot(validation: ValidationResult, environment: Environment, *, provider: Provider, state: State,
                  snapshot: TenantSnapshot, options: PlanOptions = PlanOptions()) -> Plan:
    """Plan sound specs against a tenant already read: the planner, then the provider's hook."""
    assert validation.spec is not None
    inputs = PlanInputs(
        spec=validation.spec, sources=validation.loaded.sources, snapshot=snapshot, state=state,
        environment=environment.name, provider=provider.name, spec_hash=validation.loaded.spec_hash,
        safety=SafetyLimits.from_settings(environment.settings.get("safety"), force=options.force),
        import_existing=options.import_existing, credential_user=provider.credential_user(),
    )
    if options.refresh_only:  # nothing goes to the tenant: no manual steps, no guards to judge
        from acdplan.plan.refresh import refresh_plan

        plan = refresh_plan(inputs)
        annotate(plan)
        restrict_plan(plan, options.targets)
        return plan
    plan = make_plan(inputs)
    if options.import_existing:
        plan.options = {"import_existing": True}
    annotate(plan)
    provider.mark_manual(plan, snapshot)
    mark_pending(plan, state)  # the manual steps a person was already asked for: shown once, as pending
    restrict_plan(plan, options.targets)  # before the guards: they judge what will be applied
    guard(plan, inputs)
    forecast_plan(plan, validation.spec, validation.loaded.sources)  # what the applied plan does to service
    return plan


def plan(specs: Path, environment: Environment, variables: dict | None = None, *, options: PlanOptions = PlanOptions(),
         save_to: Path | None = None, lock_timeout: float = 0.0, provider: Provider | None = None) -> PlanOutcome:
    """Validate the specs and, when sound, plan them against the environment's tenant.

    With `save_to`, the plan is made under the state lock and written there when it has no errors."""
    if save_to:
        from acdplan.state.atomic import refuse_unless_regular

        refuse_unless_regular(save_to)  # IO001 before the tenant is read, not after
    with lock_for(environment, "plan", lock_timeout) if save_to else _nothing():
        reading = ReadAhead(environment, provider, Session.open, _open_provider)  # a remote tenant is read while the specs are validated
        with reading.abandoned_on_error():
            validation = validate(specs, variables if variables is not None else environment.vars,
                                  environment.allow_symlinks_outside)
        if validation.spec is None or validation.errors:
            reading.abandon()
            return Rejected(validation.diagnostics)
        _keep_only_the_model(validation)
        with reading.session() as session:
            made = session.plan(validation, options)
        if save_to and not made.errors:
            save_plan(made, save_to)
        return Planned(made, validation.diagnostics)


Review = Callable[[Plan, bool], bool]  # (plan, whether it must be confirmed) -> go on


def apply(target: Path, environment: Environment, variables: dict | None = None, *, options: PlanOptions = PlanOptions(),
          specs: Path | None = None, lock_timeout: float = 0.0, parallelism: int = 4, review: Review | None = None,
          on_step: ProgressCallback | None = None, provider: Provider | None = None) -> ApplyOutcome:
    """Apply a saved plan (`target` is a plan file; `specs` the folder it was made from) or plan
    and apply specs (`target` is the folder), under the state lock.

    `review` is shown the plan before anything runs and says whether to go on. A saved plan was
    reviewed when it was saved, so it needs no confirmation (as Terraform's `apply PLANFILE`), but
    it is applied only if it is sealed and still what the specs plan (`acdplan.plan.seal`)."""
    saved = is_saved_plan(target)
    variables = variables if variables is not None else environment.vars
    with lock_for(environment, "apply", lock_timeout):
        saved_plan = None
        if saved:
            try:
                saved_plan = load_saved_plan(Path(target))
            except BrokenSeal as error:
                return Rejected([diagnostic(PL001, str(error))])
            # Re-planned as it was asked for; the safety threshold only with this run's --force.
            options = PlanOptions(force=options.force, import_existing=bool(saved_plan.options.get("import_existing")),
                                  targets=tuple(saved_plan.options.get("targets") or ()),
                                  refresh_only=bool(saved_plan.options.get("refresh_only")))
        reading = ReadAhead(environment, provider, Session.open, _open_provider)  # a remote tenant is read while the specs are validated
        with reading.abandoned_on_error():
            validation = validate(specs if saved and specs is not None else target, variables,
                                  environment.allow_symlinks_outside)
        if validation.spec is None or validation.errors:
            reading.abandon()
            return Rejected(validation.diagnostics)
        _keep_only_the_model(validation)
        with reading.session() as session:
            made = session.plan(validation, options)
            if saved_plan is not None:
                try:
                    made = _unchanged(saved_plan, made, session)
                except (StalePlan, BrokenSeal) as error:
                    return Rejected([diagnostic(PL001, str(error))])
            return _carry_out(made, session, validation.diagnostics, review, not saved, parallelism, on_step)


def _unchanged(saved: Plan, remade: Plan, session: Session) -> Plan:
    """The saved plan, once its freshness and its steps are checked against a re-plan."""
    check_fresh(saved, session.state, session.snapshot, session.environment.name)
    check_same_steps(saved, sensitive.redact_plan(remade))  # a plan file holds (sensitive), never the value
    sensitive.restore_values(saved, remade)  # acdplan/sensitive.py: the values come back from the specs
    saved.diagnostics = remade.diagnostics  # the safety threshold and IM001, as they stand now
    return saved


def _carry_out(made: Plan, session: Session, diagnostics: list[Diagnostic], review: Review | None,
               confirm: bool, parallelism: int, on_step: ProgressCallback | None) -> ApplyOutcome:
    if made.errors:
        return Declined(made, "errors", diagnostics)
    if not made.has_changes:
        return Declined(made, "no changes", diagnostics)
    if review is not None and not review(made, confirm):
        return Declined(made, "cancelled", diagnostics)
    refusals = session.provider.preflight(made)
    if any(d.is_error for d in refusals):
        return Declined(made, "preflight", diagnostics + refusals)
    result = session.apply(made, parallelism, on_step)
    return Applied(made, result, diagnostics + refusals)


__all__ = [
    "Applied",
    "ApplyOutcome",
    "Declined",
    "PlanOptions",
    "PlanOutcome",
    "Planned",
    "Rejected",
    "Session",
    "apply",
    "is_saved_plan",
    "load_saved_plan",
    "lock_for",
    "plan",
    "plan_snapshot",
    "save_plan",
    "state_store",
    "validate",
]
