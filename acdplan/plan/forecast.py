"""What a plan does to service: each channel with demand whose answering the plan changes,
predicted before -> after (docs/CAPACITY.md).

"Before" is the tenant as the plan read it: the specs with every change of the plan undone (its
`before` documents). Demand and concurrency are the specs' in both (they are planning inputs, not
tenant settings), so what moves the figure is who can answer, at what proficiency, the targets
and the working hours. Only the channels whose inputs differ are simulated, with the channels
sharing their agents, on the same random numbers before and after (so the difference is the
change's, not the dice's).
"""

from __future__ import annotations

import dataclasses

from acdplan.capacity.inputs import ChannelInputs, channel_inputs, open_periods
from acdplan.capacity.predict import (
    DEFAULT_REPLICATIONS,
    DEFAULT_SEED,
    ChannelForecast,
    connected,
    duration_text,
    forecast_inputs,
)
from acdplan.diagnostics import Locator
from acdplan.model.kinds import REGISTRY
from acdplan.model.objects import Spec
from acdplan.plan.changes import Action, Change, Plan
from acdplan.sla.calendar import CalendarError
from acdplan.validate import suppressions
from acdplan.validate.catalogue import diagnostic

CP002 = "CP002"
# The kinds whose objects decide who can answer a channel, and how fast it must be.
ANSWERING_KINDS = frozenset({"channel", "agent", "skill", "role", "tenant"})


def forecast_plan(plan: Plan, spec: Spec, sources: Locator | None = None,
                  replications: int = DEFAULT_REPLICATIONS, seed: int = DEFAULT_SEED) -> None:
    """Adds `plan.capacity` rows (and CP002 where a prediction falls below its goal)."""
    if not any(channel.demand is not None for channel in spec.channels.values()):
        return
    changes = [change for change in plan.changes if change.action is not Action.NOOP and change.kind in ANSWERING_KINDS]
    if not changes:
        return
    try:
        before = spec_before(spec, changes)
        after_inputs = channel_inputs(spec)
        before_inputs = {item.name: item for item in channel_inputs(before)}
        touched = {item.name for item in after_inputs if before_inputs.get(item.name) != item}
        if not touched:
            return
        # The channels sharing agents with a touched one move too: all of them are simulated.
        sharing = {item.name for item in connected(after_inputs, touched)}
        sharing |= {item.name for item in connected(list(before_inputs.values()), touched)}
        after_rows = _predict(after_inputs, open_periods(spec), sharing, replications, seed)
        before_rows = _predict(list(before_inputs.values()), open_periods(before), sharing, replications, seed)
    except (CalendarError, ValueError, TypeError, KeyError, AttributeError) as error:
        # A tenant document the model cannot read back: said, never a failed plan.
        plan.diagnostics += suppressions.apply([diagnostic(CP002, f"the service-level forecast could not be made: {error}")])
        return
    for name in sorted(after_rows):
        after, was = after_rows[name], before_rows.get(name)
        if name not in touched and was is not None and _shown(was) == _shown(after):
            continue  # shares agents with a touched channel, but its figure does not move
        plan.capacity.append(row(after, was))
        if after.below_goal:
            was_text = f" from {was.predicted_percent:.1f}%" if was is not None and was.predicted_percent is not None else ""
            plan.diagnostics += suppressions.apply([diagnostic(
                CP002, f"channel {name!r}: the plan brings first responses within {duration_text(after.target_minutes)} "
                       f"to a predicted {after.predicted_percent:.1f}%{was_text}, below the goal of {after.goal_percent:g}%",
                sources, ("channels", name, "demand"))])


def row(after: ChannelForecast, before: ChannelForecast | None) -> dict:
    """One channel's before -> after, as plans carry it (JSON `capacity`, docs/CAPACITY.md)."""
    return {"channel": after.channel, "first_response_target_minutes": after.target_minutes,
            "goal_percent": after.goal_percent,
            "before": None if before is None else before.as_json(), "after": after.as_json(),
            "below_goal": after.below_goal}


def _predict(inputs: list[ChannelInputs], periods, names: set[str], replications: int,
             seed: int) -> dict[str, ChannelForecast]:
    chosen = connected(inputs, names)
    return {item.channel: item for item in forecast_inputs(chosen, periods, replications, seed, names)}


def _shown(forecast: ChannelForecast) -> tuple:
    return (None if forecast.predicted_percent is None else round(forecast.predicted_percent, 1), forecast.agents)


def spec_before(spec: Spec, changes: list[Change]) -> Spec:
    """The specs with the given changes undone: each object as the tenant has it (its `before`
    document), or absent where the plan creates it. Demand and concurrency stay the specs'."""
    objects = {kind: dict(items) for kind, items in spec.objects.items()}
    tenant = spec.tenant
    settings = [change for change in changes if REGISTRY[change.kind].singleton is not None]
    for change in settings:  # first: agents take their default application from it
        kind = REGISTRY[change.kind]
        if change.before is not None:
            built = kind.build(kind.singleton or "", _as_spec(kind, change.before, tenant, change.name), None)
            tenant = dataclasses.replace(built, max_concurrent_contacts=spec.tenant.max_concurrent_contacts)
    for change in changes:
        kind = REGISTRY[change.kind]
        if kind.singleton is not None:
            continue
        current = objects.setdefault(kind.name, {})
        wanted = current.pop(change.name, None)  # None: the plan deletes it
        if change.before is not None:  # None: the plan creates it, so the tenant has none
            name = change.renamed_from or change.name
            current[name] = _carry(kind.build(name, _as_spec(kind, change.before, tenant, name), tenant), wanted)
    return Spec(tenant, objects, spec.imports)


def _as_spec(kind, document, tenant, name: str) -> dict:
    """A tenant document as spec data (its kind's export: durations as the spec writes them)."""
    document = dict(document)
    if kind.export is None:
        return document
    return kind.export(document, {"name": name, "default_application": tenant.agent_application, "account_names": {}})


def _carry(built, wanted):
    """The planning inputs the tenant does not hold, taken from the specs' object."""
    if wanted is None:
        return built
    names = {"demand", "max_concurrent_contacts"} & {field.name for field in dataclasses.fields(built)}
    return dataclasses.replace(built, **{field: getattr(wanted, field) for field in names})
