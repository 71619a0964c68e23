"""Capacity rules (CP): a channel with demand needs someone to answer it and a target to meet.

CP002 (a plan's forecast below the goal) is raised by the plan (acdplan/plan/forecast.py) and
declared here with the others; `rules:` can turn it off or change its severity.
"""

from __future__ import annotations

from acdplan.capacity.inputs import answering_agents, target_minutes
from acdplan.diagnostics import Severity
from acdplan.validate.catalogue import RuleInfo, register
from acdplan.validate.rules.base import Finding, rule

CP002 = register(RuleInfo(
    "CP002", Severity.WARNING, "a plan would bring a channel's predicted first responses in time below its goal",
    "give the channel more agents who can answer it (skill, Reply, the Digital Engagement attribute), or review the change",
    why="The plan simulates a week of the channel's demand before and after the change (docs/CAPACITY.md). Below the "
        "goal, the change is likely to break the channel's first-response SLA; the plan shows before -> after.",
    fact="F26, F27", stage="plan", settable=True)).id


@rule("CP001", Severity.ERROR, "a channel with demand has nobody who can answer it",
      "give an agent the channel's default skill and a role with Reply on the channel (CXone Agent users also "
      "need the Digital Engagement attribute)", fact="F3, F9, F11",
      why="Its contacts would wait forever: they go to the channel's default skill, and only agents holding it "
          "whose role may reply on the channel can answer them.",
      bad="roles:\n  Social Agents:\n    channels:\n      Instagram Direct FR: [view]\n"
          "channels:\n  Instagram Direct FR:\n    demand: {contacts_per_hour: 10, handle_minutes: 6}\n",
      good="channels:\n  Instagram Direct FR:\n    demand: {contacts_per_hour: 10, handle_minutes: 6}\n")
def demand_nobody_answers(context):
    spec = context.spec
    for channel in spec.channels.values():
        if channel.demand is not None and channel.default_skill in spec.skills and not answering_agents(spec, channel):
            yield Finding(("channels", channel.name, "demand"),
                          f"channel {channel.name!r} expects contacts but nobody can answer them: no agent holds "
                          f"{channel.default_skill!r} with a role that has Reply on the channel")


@rule("CP003", Severity.WARNING, "a channel with demand has no first-response target",
      "set the channel's `sla:` (or `sla: global` with the tenant's `sla.first_response`)", fact="F26, F27",
      why="The forecast counts the contacts answered within the first-response target; without one there is "
          "nothing to predict.",
      bad="tenant: {sla: null}\nchannels:\n  Instagram Direct FR:\n    sla: null\n    demand: {contacts_per_hour: 10, handle_minutes: 6}\n",
      good="channels:\n  Instagram Direct FR:\n    sla: {first_response: 2h}\n    demand: {contacts_per_hour: 10, handle_minutes: 6}\n")
def demand_without_target(context):
    spec = context.spec
    for channel in spec.channels.values():
        if channel.demand is not None and target_minutes(spec, channel) is None:
            yield Finding(("channels", channel.name, "demand"),
                          f"channel {channel.name!r} has demand but no first-response target: set its sla")
