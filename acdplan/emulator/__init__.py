"""A local emulator of the NICE CXone APIs acdplan uses, for pipelines and tests.

    from acdplan.emulator import Emulator
    with Emulator(throttle_rate=0.3) as emulator:
        emulator.tenant.add_campaign("Social")
        ...  # point CXONE_BASE_URL at emulator.url and CXONE_DFO_URL at emulator.dfo_url

`acdplan emulator` runs the same servers from the command line.
"""

from __future__ import annotations

from acdplan.emulator.server import Emulator
from acdplan.emulator.tenant import EmulatedTenant


def seed_prerequisites(emulator: Emulator, spec, authorise: bool = True) -> None:
    """Put in the tenant what acdplan references but no public API creates: campaigns, Studio
    scripts, message templates, users, routing queues and roles. (`authorise` is kept for
    callers of the earlier emulator: social accounts are part of a channel's manual creation now.)"""
    tenant = emulator.tenant
    with tenant.lock:
        names = {"campaigns": set(spec.campaigns), "scripts": set(spec.scripts), "templates": set()}
        for skill in spec.skills.values():
            if skill.campaign:
                names["campaigns"].add(skill.campaign)
            if skill.message_template:
                names["templates"].add(skill.message_template)
        for channel in spec.channels.values():
            if channel.default_script:
                names["scripts"].add(channel.default_script)
        for name in sorted(names["campaigns"]):
            if tenant.find("campaigns", "name", name) is None:
                tenant.add_campaign(name)
        for name in sorted(names["scripts"]):
            if tenant.find("scripts", "scriptName", name) is None:
                tenant.add_script(name)
        for name in sorted(names["templates"]):
            if tenant.find("templates", "templateName", name) is None:
                tenant.add_template(name)
        for username in sorted(spec.agents):
            if tenant.find("agents", "userName", username) is None:
                tenant.add_user(username)
        for name in sorted(spec.routing_queues):
            if tenant.find("queues", "name", name) is None:
                tenant.add_routing_queue(name)
        for name in sorted(spec.roles):
            if tenant.find("roles", "roleName", name) is None:
                tenant.add_role(name)


def perform_manual_steps(emulator: Emulator, spec) -> None:
    """What a person does for the manual steps the emulator can hold: create the channels, set
    the skills' settings the API only reads (sub-skill, response countdowns) and the roles'
    descriptions (the rest of a role has no published field)."""
    tenant = emulator.tenant
    with tenant.lock:
        for name, channel in sorted(spec.channels.items()):
            if tenant.find("channels", "name", name) is None:
                fields = {"studioScript": channel.default_script} if channel.default_script else {}
                tenant.add_channel(name, channel.type, channel.account.id, **fields)
        for name, skill in sorted(spec.skills.items()):
            found = tenant.find("skills", "skillName", name)
            if found is None or not found.get("isActive", True):
                continue
            agent, customer = skill.agent_response_countdown_seconds, skill.customer_response_countdown
            found.update({"IsSubSkill": bool(skill.sub_skill), "agentResponseEnabled": agent is not None,
                          "agentFirstResponseTime": agent, "customerResponseEnabled": customer is not None,
                          "customerIdleTime": None if customer is None else customer.seconds})
        for name, role in sorted(spec.roles.items()):
            found = tenant.find("roles", "roleName", name)
            if found is not None:
                found["description"] = role.description or ""


__all__ = ["EmulatedTenant", "Emulator", "perform_manual_steps", "seed_prerequisites"]
