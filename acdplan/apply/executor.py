"""Stage 6, apply: carry a plan out through a provider, recording state after every step.

Independent steps run at once (up to `parallelism`), dependents after what they depend on.
State is written by this thread only, through the state backend, one version per finished step, so the record
is always true: a step is recorded after the tenant accepted it, never before. On a failure
no new step starts, running ones finish, and the report says what was done, what failed,
and what never started; the next plan shows exactly what is left. Manual steps (a person
must authorise a social account, F5) are not run: everything that does not depend on them is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

from acdplan import sensitive
from acdplan.plan import manual_steps
from acdplan.plan.changes import Action, Change, Plan, without_entries
from acdplan.state.backend import StateBackend
from acdplan.state.document import ManagedResource, State, now
from acdplan.tenant import StepFailed, StepOutcome

if TYPE_CHECKING:
    from acdplan.providers.base import Provider


class StepStatus(str, Enum):
    DONE = "done"
    FAILED = "failed"
    MANUAL = "manual"  # waits for a person
    BLOCKED = "blocked"  # depends on a manual step
    NOT_STARTED = "not started"  # an earlier failure stopped the apply


@dataclass(slots=True)
class StepReport:
    change: Change
    status: StepStatus
    error: str = ""


@dataclass(slots=True)
class ApplyResult:
    steps: list[StepReport] = field(default_factory=list)
    # Done steps whose object still waits on a person for what no public API writes (recorded
    # in the state's manual_steps, shown by the next plan as pending).
    left_to_person: list[str] = field(default_factory=list)

    def with_status(self, status: StepStatus) -> list[StepReport]:
        return [step for step in self.steps if step.status is status]

    @property
    def failed(self) -> bool:
        return bool(self.with_status(StepStatus.FAILED))

    @property
    def stopped_for_person(self) -> bool:
        return not self.failed and bool(self.with_status(StepStatus.MANUAL) or self.left_to_person)

    @property
    def exit_code(self) -> int:
        """docs/CLI.md: 0 all steps done, 1 error, 3 stopped before a manual step."""
        if self.failed:
            return 1
        return 3 if self.stopped_for_person else 0


ProgressCallback = Callable[[StepReport, int, int], None]


def apply_plan(
    plan: Plan,
    provider: Provider,
    store: StateBackend,
    state: State,
    parallelism: int = 1,
    on_step: ProgressCallback | None = None,
) -> ApplyResult:
    steps = [change for change in plan.changes if change.acts]
    by_address = {change.address: change for change in steps}
    waiting_on = {
        change.address: {dep for dep in change.depends_on if dep in by_address and dep != change.address}
        for change in steps
    }
    dependents: dict[str, list[str]] = {change.address: [] for change in steps}
    for addr, deps in waiting_on.items():
        for dep in deps:
            dependents[dep].append(addr)
    creating = [c.address for c in steps if c.action in (Action.CREATE, Action.REPLACE)]
    if creating:  # one record of intent for the whole apply, manual creates included (see State.pending)
        store.record(state, [{"op": "set", "path": ["pending", addr], "value": plan.plan_id} for addr in creating],
                     plan.plan_id)
    result = ApplyResult()
    reports: dict[str, StepReport] = {}
    total = len(steps)

    def finish(report: StepReport) -> None:
        reports[report.change.address] = report
        if on_step is not None:
            on_step(report, len(reports), total)

    def block(addr: str) -> None:
        """Everything depending on a manual step waits for the person too; what depends only on a
        waiting manual edit of an existing object (a role's permissions in CXone) goes on, as after
        any manual edit."""
        for dependent in dependents[addr]:
            if dependent not in reports:
                change = by_address[dependent]
                finish(StepReport(change, StepStatus.BLOCKED, f"waits for the manual step {addr}"))
                if not change.manual or change.action in (Action.CREATE, Action.REPLACE):
                    block(dependent)
                else:
                    ready.extend(_released(dependent, dependents, waiting_on, reports))

    ready = [change.address for change in steps if not waiting_on[change.address]]
    workers = max(1, parallelism if provider.supports_parallel_steps else 1)
    failed = False
    running: dict[Future, Change] = {}
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="acdplan-apply") as pool:
        while ready or running:
            checked = False  # the lock is asked about once before the steps started together
            while ready and not failed and len(running) < workers:
                change = by_address[ready.pop(0)]
                if change.address in reports:
                    continue
                if change.manual:
                    if change.adopt and change.before is not None:  # taken over now, as it is; the edit waits
                        _record_adoption(store, state, change, plan.plan_id)
                    _record_asked(store, state, change, plan.plan_id)
                    finish(StepReport(change, StepStatus.MANUAL, change.manual_reason))
                    if change.action in (Action.CREATE, Action.REPLACE):  # dependents need the object to exist
                        block(change.address)
                    else:  # a manual edit of an existing object's settings (issue 9): dependents go on
                        ready.extend(_released(change.address, dependents, waiting_on, reports))
                    continue
                if change.action is Action.NOOP:  # state-only: adopt into, or forget from, the state
                    _record(store, state, change, StepOutcome(change.tenant_id), plan.plan_id)
                    finish(StepReport(change, StepStatus.DONE))
                    ready.extend(_released(change.address, dependents, waiting_on, reports))
                    continue
                if not checked:  # a run whose lock was broken (force-unlock) changes nothing more: LK002
                    store.check_lock()
                    checked = True
                running[pool.submit(provider.apply_step, change)] = change
            if failed and not running:
                break
            if not running:
                continue
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            finished: list[tuple[Change, list[dict], bool]] = []
            for future in done:
                change = running.pop(future)
                try:
                    outcome = future.result()
                except StepFailed as error:
                    failed = True
                    finish(StepReport(change, StepStatus.FAILED, str(error)))
                    continue
                except Exception as error:  # a provider bug or a transport failure: still a failed step
                    failed = True
                    finish(StepReport(change, StepStatus.FAILED, f"{type(error).__name__}: {error}"))
                    continue
                finished.append((change, *_step_operations(state, change, outcome, plan.plan_id,
                                                          provider.unwritten(change))))
            # Steps finished together: one version each, committed together before any next step starts.
            store.record_steps(state, [operations for _, operations, _ in finished], plan.plan_id)
            for change, _, asked in finished:
                if asked:
                    result.left_to_person.append(change.address)
                finish(StepReport(change, StepStatus.DONE))
                ready.extend(_released(change.address, dependents, waiting_on, reports))
    for change in steps:
        if change.address not in reports:
            reports[change.address] = StepReport(change, StepStatus.NOT_STARTED)
    def settled(report: StepReport) -> None:  # carried out by its batch: shown as any finished step
        if on_step is not None:
            on_step(report, sum(1 for r in reports.values() if r.status is not StepStatus.NOT_STARTED), total)

    unsettled = _settle_batches(provider, store, state, reports, plan.plan_id, settled)
    result.steps = [reports[change.address] for change in steps]
    never_ran = [step.change.address for step in result.steps if step.change.address in state.pending
                 and step.status not in (StepStatus.FAILED, StepStatus.MANUAL)
                 and step.change.address not in unsettled]
    if never_ran:  # a failed create may still have happened, a person may do a manual one: their intent stays
        store.record(state, [{"op": "delete", "path": ["pending", addr]} for addr in never_ran], plan.plan_id)
    forgotten = manual_steps.no_longer_asked(plan, state)
    if forgotten:  # the specs dropped those objects: nobody needs to do (or confirm) their steps
        store.record(state, [{"op": "delete", "path": ["manual_steps", addr]} for addr in forgotten], plan.plan_id)
    if not result.failed and not result.with_status(StepStatus.MANUAL):
        store.record_plan_applied(state, plan.plan_id)
    store.checkpoint(state)
    return result


def _settle_batches(provider: Provider, store: StateBackend, state: State, reports: dict[str, StepReport],
                    plan_id: str, settled: Callable[[StepReport], None]) -> set[str]:
    """Record what a provider's batches wrote for steps that did not report it (issue 19): a step
    that never started although its batch carried it out is done; an object a call may have
    written (its answer lost or saying it failed) is read back and recorded as the tenant holds
    it. Answers the addresses left in doubt because the read-back failed: their intent stays."""
    open_steps = {addr for addr, report in reports.items()
                  if report.status in (StepStatus.FAILED, StepStatus.NOT_STARTED)}
    if not open_steps:
        return set()
    outcomes = provider.unreported()
    for addr in sorted(open_steps & outcomes.written.keys()):
        report = reports[addr]
        if report.status is StepStatus.NOT_STARTED:
            _record(store, state, report.change, outcomes.written[addr], plan_id)
            report.status, report.error = StepStatus.DONE, "carried out by the batch of an earlier step"
            settled(report)
    in_doubt = sorted(open_steps & outcomes.in_doubt - outcomes.written.keys())
    if not in_doubt:
        return set()
    try:
        snapshot = provider.read()
    except Exception:  # the tenant cannot be read now: the next plan takes over what an earlier apply set out to make
        return set(in_doubt)
    for addr in in_doubt:
        report = reports[addr]
        change = report.change
        held = snapshot.get(change.kind, change.name)
        if held is None:
            continue
        document = without_entries(held, change.kept) if change.kept else held
        tenant_id = snapshot.ids.get(addr) or change.tenant_id
        resource = ManagedResource(addr, tenant_id, sensitive.redact_data(document), now())
        operations: list[dict[str, object]] = [{"op": "set", "path": ["resources", addr], "value": resource.as_dict()}]
        if addr in state.pending:
            operations.append({"op": "delete", "path": ["pending", addr]})
        store.record(state, operations, plan_id)
        note = "the tenant holds it all the same (read back): recorded in the state as it holds it"
        report.error = f"{report.error}; {note}" if report.error else note
    return set()


def _released(addr: str, dependents, waiting_on, reports) -> list[str]:
    released = []
    for dependent in dependents[addr]:
        waiting_on[dependent].discard(addr)
        if not waiting_on[dependent] and dependent not in reports:
            released.append(dependent)
    return released


def _record_adoption(store: StateBackend, state: State, change: Change, plan_id: str) -> None:
    """An import whose edit a person must make: the object is managed from now on, recorded as the
    tenant holds it (never as the specs want it, which nobody has done yet)."""
    resource = ManagedResource(change.address, change.tenant_id, sensitive.redact_data(change.before or {}), now())
    operations = [{"op": "set", "path": ["resources", change.address], "value": resource.as_dict()}]
    if change.address in state.pending:
        operations.append({"op": "delete", "path": ["pending", change.address]})
    store.record(state, operations, plan_id)


def _record_asked(store: StateBackend, state: State, change: Change, plan_id: str) -> None:
    """A manual step reached: the state keeps what the person is asked to do (once, unless the
    values changed), for the next plan's pending count and `acdplan confirm`."""
    values = manual_steps.asked_values(change)
    entry = state.manual_steps.get(change.address)
    if entry is not None and entry.get("action") == change.action.value and entry.get("values") == values:
        return
    store.record(state, [{"op": "set", "path": ["manual_steps", change.address],
                          "value": manual_steps.step_entry(change.action.value, values, plan_id)}], plan_id)


def _record(store: StateBackend, state: State, change: Change, outcome: StepOutcome, plan_id: str,
            unwritten: Mapping[str, object] | None = None) -> bool:
    """Record what the tenant now holds for this change: one version of the state, committed
    before the next step starts (the backend's compare-and-swap refuses a rival writer).
    What the step could not write (`unwritten`) is recorded as a manual step left to a person:
    True when there is one."""
    operations, asked = _step_operations(state, change, outcome, plan_id, unwritten)
    store.record(state, operations, plan_id)
    return asked


def _step_operations(state: State, change: Change, outcome: StepOutcome, plan_id: str,
                     unwritten: Mapping[str, object] | None = None) -> tuple[list[dict], bool]:
    """The state operations recording one finished step, and whether it left a manual step."""
    operations: list[dict[str, object]] = []
    asked: dict = {}
    if change.renamed_from:
        operations.append({"op": "delete", "path": ["resources", f"{change.kind}.{change.renamed_from}"]})
    if change.action is Action.DELETE or change.after is None:
        operations.append({"op": "delete", "path": ["resources", change.address]})
    else:
        document = sensitive.redact_data(change.managed() or {})  # only the tenant holds sensitive values
        document, asked = manual_steps.left_to_person(change, unwritten or {}, document)
        resource = ManagedResource(change.address, outcome.id or change.tenant_id, document, now())
        operations.append({"op": "set", "path": ["resources", change.address], "value": resource.as_dict()})
    if change.address in state.pending:
        operations.append({"op": "delete", "path": ["pending", change.address]})
    if asked:
        operations.append({"op": "set", "path": ["manual_steps", change.address],
                           "value": manual_steps.step_entry(Action.UPDATE.value, asked, plan_id)})
    elif change.address in state.manual_steps:  # done now (or no longer asked for): nothing waits
        operations.append({"op": "delete", "path": ["manual_steps", change.address]})
    return operations, bool(asked)
