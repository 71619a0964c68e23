"""Agent rules (AG): what each agent application needs to handle digital contacts (F7, F9)."""

from __future__ import annotations

from acdplan.diagnostics import Severity
from acdplan.model.objects import CXONE_AGENT, MAX
from acdplan.validate.rules.base import Finding, rule
from acdplan.validate.rules.indexes import channels_by_default_skill


def _digital_skills(spec) -> frozenset[str]:
    return frozenset(name for name, skill in spec.skills.items() if skill.is_digital)


def _has_digital_skill(agent, digital: frozenset[str]) -> bool:
    return not digital.isdisjoint(agent.skills)


@rule("AG001", Severity.ERROR, "a CXone Agent user lacks the Digital Engagement attribute",
      "set `digital_engagement: true` for the user", fact="F9",
      why="Agents on the CXone Agent application need the Digital Engagement attribute AND a digital skill.",
      bad="agents:\n  alice@example.com:\n    digital_engagement: false\n",
      good="agents:\n  alice@example.com:\n    digital_engagement: true\n")
def cxone_agent_without_attribute(context):
    for agent in context.spec.agents.values():
        if agent.application == CXONE_AGENT and not agent.digital_engagement:
            yield Finding(("agents", agent.username),
                          f"user {agent.username!r} is on CXone Agent without the Digital Engagement attribute: "
                          f"set digital_engagement: true")


@rule("AG002", Severity.ERROR, "a CXone Agent user has no digital skill",
      "give the user at least one skill with `media: digital`", fact="F9",
      why="Agents on the CXone Agent application need the Digital Engagement attribute AND a digital skill.",
      bad="agents:\n  alice@example.com:\n    skills: null\n",
      good="agents:\n  alice@example.com:\n    skills: {IG_Direct_FR: 1}\n")
def cxone_agent_without_digital_skill(context):
    digital = context.cached("digital_skills", _digital_skills)
    for agent in context.spec.agents.values():
        if agent.application == CXONE_AGENT and not _has_digital_skill(agent, digital):
            yield Finding(("agents", agent.username),
                          f"user {agent.username!r} is on CXone Agent with no digital skill, so no digital contact "
                          f"reaches them: give them a digital skill")


@rule("AG003", Severity.ERROR, "a MAX user has neither the attribute nor a digital skill",
      "set `digital_engagement: true` or give the user a digital skill", fact="F9",
      why="Agents on MAX handle digital contacts if they have the Digital Engagement attribute OR a digital skill.",
      bad="agents:\n  alice@example.com:\n    application: max\n    digital_engagement: false\n    skills: null\n",
      good="agents:\n  alice@example.com:\n    application: max\n    digital_engagement: true\n    skills: null\n")
def max_user_without_either(context):
    digital = context.cached("digital_skills", _digital_skills)
    for agent in context.spec.agents.values():
        if agent.application == MAX and not agent.digital_engagement and not _has_digital_skill(agent, digital):
            yield Finding(("agents", agent.username),
                          f"user {agent.username!r} is on MAX with neither the Digital Engagement attribute nor a "
                          f"digital skill: set digital_engagement: true or give them a digital skill")


@rule("AG004", Severity.ERROR, "a user has more than one role",
      "keep exactly one role for the user", fact="F7",
      why="A Digital Experience user can have only one role.",
      bad="roles:\n  Supervisors:\n    handles_contacts: false\n    admin_permissions: [digital_engagement.view]\n"
          "agents:\n  alice@example.com:\n    role: [Social Agents, Supervisors]\n",
      good="roles:\n  Supervisors:\n    handles_contacts: false\n    admin_permissions: [digital_engagement.view]\n"
           "agents:\n  alice@example.com:\n    role: Social Agents\n")
def several_roles(context):
    for agent in context.spec.agents.values():
        if len(agent.roles) > 1:
            yield Finding(("agents", agent.username, "role"),
                          f"user {agent.username!r} has {len(agent.roles)} roles ({', '.join(agent.roles)}); a Digital "
                          f"Experience user has exactly one: keep one")


@rule("AG005", Severity.WARNING,
      "a user holds the default skill of a channel that the user's role does not grant",
      "add the channel to the user's role, or take the skill away from the user", fact="F6, F9",
      why="Contacts of that channel are routed to the user through its default skill, but the user's role cannot "
          "see the channel, so they reach someone who cannot answer (model).",
      bad="channels:\n  Email FR:\n    type: email\n    account: {id: support@example.com}\n"
          "    default_skill: IG_Direct_FR\n    default_script: DFO_Social_Routing\n    sla: global\n"
          "roles:\n  Email Agents:\n    admin_permissions: [skills.view, digital_engagement.view]\n"
          "    channels: {Email FR: [view, reply]}\n",
      good="channels:\n  Email FR:\n    type: email\n    account: {id: support@example.com}\n"
           "    default_skill: IG_Direct_FR\n    default_script: DFO_Social_Routing\n    sla: global\n"
           "roles:\n  Email Agents:\n    admin_permissions: [skills.view, digital_engagement.view]\n"
           "    channels: {Email FR: [view, reply]}\n"
           "  Social Agents:\n    channels: {Email FR: [view, reply]}\n")
def default_skill_of_ungranted_channel(context):
    roles = context.spec.roles
    channels_of_skill = context.cached("channels_by_default_skill", channels_by_default_skill)
    for agent in context.spec.agents.values():
        if channels_of_skill.keys().isdisjoint(agent.skills):
            continue  # holds no channel's default skill (most users)
        own_roles = None  # found when first needed
        for skill in agent.skills:
            channels = channels_of_skill.get(skill)
            if not channels:
                continue
            if own_roles is None:
                own_roles = [roles[name] for name in agent.roles if name in roles]
            if not own_roles:
                break
            for channel in channels:
                if not any(role.grants(channel.name) for role in own_roles):
                    yield Finding(("agents", agent.username, "skills", skill),
                                  f"user {agent.username!r} holds {skill!r}, the default skill of channel "
                                  f"{channel.name!r}, which their role {agent.role!r} does not grant: contacts would "
                                  f"reach someone who cannot answer; add the channel to the role or remove the skill")
