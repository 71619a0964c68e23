"""Campaigns: made in ACD by hand and only named by skills (F18); acdplan never plans them."""

from __future__ import annotations

from dataclasses import dataclass

from acdplan.model.kinds.base import Kind, Removal
from acdplan.model.values import construct


@dataclass(frozen=True, slots=True)
class Campaign:
    name: str
    description: str | None = None


KIND = Kind(
    name="campaign", section="campaigns", model=Campaign, managed=False, removal=Removal.NEVER,
    build=lambda name, data, tenant: construct(Campaign, data, name=name), label="campaign",
    missing_in_tenant="create it in ACD first or name an existing campaign", missing_fact="F18",
)
