"""Studio scripts: published in Studio and only named by channels (F3); never planned."""

from __future__ import annotations

from dataclasses import dataclass

from acdplan.model.kinds.base import Kind, Removal
from acdplan.model.values import construct


@dataclass(frozen=True, slots=True)
class Script:
    name: str
    description: str | None = None


KIND = Kind(
    name="script", section="scripts", model=Script, managed=False, removal=Removal.NEVER,
    build=lambda name, data, tenant: construct(Script, data, name=name), label="Studio script",
    missing_in_tenant="publish it in Studio first or name an existing script", missing_fact="F3",
)
