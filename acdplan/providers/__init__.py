"""Providers: one small interface (`base.Provider`), implementations loaded by name.

The engine never imports an implementation; commands open one for an environment here.
"""

from __future__ import annotations

import importlib

from acdplan.config import ConfigError, Environment
from acdplan.providers.base import Provider, ProviderError, StepFailed, StepOutcome, TenantSnapshot

_IMPLEMENTATIONS = {
    "local": "acdplan.providers.local:open_local",
    "cxone": "acdplan.providers.cxone:open_cxone",
}


def open_provider(environment: Environment) -> Provider:
    target = _IMPLEMENTATIONS.get(environment.provider)
    if target is None:
        from acdplan.validate.catalogue import CF001, diagnostic

        raise ConfigError([diagnostic(CF001, f"environment {environment.name!r}: unknown provider "
                                      f"{environment.provider!r} (known: {', '.join(sorted(_IMPLEMENTATIONS))})",
                                      file="acdplan.yaml", line=1, column=1)])
    module_name, _, factory = target.partition(":")
    return getattr(importlib.import_module(module_name), factory)(environment)


__all__ = ["Provider", "ProviderError", "StepFailed", "StepOutcome", "TenantSnapshot", "open_provider"]
