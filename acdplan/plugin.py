"""The public API of rule plugins: what a plugin's module imports to write rules as built-in ones.

    from acdplan.plugin import Finding, Severity, rule

    @rule("EX001", Severity.ERROR, "a skill whose name contains TEST", "rename the skill",
          source_url="https://wiki.example.com/cxone/naming", why="Test skills never reach production.",
          bad="skills:\\n  TEST_Chat: {campaign: Social}\\n", good="skills:\\n  Chat_FR: {campaign: Social}\\n")
    def no_test_skills(context: RuleContext):
        for name in context.spec.skills:
            if "TEST" in name:
                yield Finding(("skills", name), f"skill {name!r} is a test skill")

A package declares the module in the entry point group `acdplan.rules` (docs/PLUGINS.md). What
is exported here is the contract plugins rely on; it is extended, never broken.
"""

from __future__ import annotations

from acdplan.diagnostics import Severity
from acdplan.model import Agent, Campaign, Channel, Role, RoutingQueue, Script, Skill, Spec, Tenant
from acdplan.validate.catalogue import RuleInfo
from acdplan.validate.plugins import GROUP
from acdplan.validate.rules.base import Check, Finding, RuleContext, rule

__all__ = ["GROUP", "Agent", "Campaign", "Channel", "Check", "Finding", "Role", "RoutingQueue", "RuleContext", "RuleInfo",
           "Script", "Severity", "Skill", "Spec", "Tenant", "rule"]
