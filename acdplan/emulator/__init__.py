"""A local emulator of the NICE CXone APIs acdplan uses, for pipelines and tests.

    from acdplan.emulator import Emulator
    with Emulator(throttle_rate=0.3) as emulator:
        emulator.tenant.add_campaign("Social")
        ...  # point CXONE_BASE_URL at emulator.url

`acdplan emulator` runs the same server from the command line.
"""

from __future__ import annotations

from acdplan.emulator.server import Emulator
from acdplan.emulator.tenant import ALL_PERMISSIONS, EmulatedTenant


def seed_prerequisites(emulator: Emulator, spec, authorise: bool = True) -> None:
    """Put in the tenant what acdplan references but never creates: campaigns, Studio scripts,
    users, routing queues, and (when `authorise`) the social accounts a person would authorise (F5)."""
    tenant = emulator.tenant
    with tenant.lock:
        for name in sorted(spec.campaigns):
            if tenant.find("campaigns", "campaignName", name) is None:
                tenant.add_campaign(name)
        for skill in spec.skills.values():
            if skill.campaign and tenant.find("campaigns", "campaignName", skill.campaign) is None:
                tenant.add_campaign(skill.campaign)
        for name in sorted(spec.scripts):
            if tenant.find("scripts", "scriptName", name) is None:
                tenant.add_script(name)
        for channel in spec.channels.values():
            if channel.default_script and tenant.find("scripts", "scriptName", channel.default_script) is None:
                tenant.add_script(channel.default_script)
            if authorise:
                tenant.authorize(channel.type, channel.account.id, channel.account.name)
        for username in sorted(spec.agents):
            if tenant.find("agents", "userName", username) is None:
                tenant.add_user(username)
        for name in sorted(spec.routing_queues):
            if tenant.find("queues", "name", name) is None:
                tenant.add_routing_queue(name)


__all__ = ["ALL_PERMISSIONS", "EmulatedTenant", "Emulator", "seed_prerequisites"]
