"""The domain rules, one small unit each, discovered from the modules of this package.

Adding a rule touches one file: write a function decorated with `@rule(...)` in the module of
its family (channels, roles, agents, skills, queues, sla, references).
"""

import importlib
import pkgutil

from acdplan.validate.rules.base import Finding, RuleContext, domain_rules, rule

for _module in pkgutil.iter_modules(__path__):
    if _module.name != "base":
        importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["Finding", "RuleContext", "domain_rules", "rule"]
