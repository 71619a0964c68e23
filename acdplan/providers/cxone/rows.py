"""Items of the large lists kept with only the fields the plan reads (issue 23).

An L tenant's read is 20,000 agents and ~70,000 skill assignments; each arrives as a JSON object
with a dozen fields (the skill's and campaign's names, addresses, team ids), which the plan never
uses. Kept as `Row`s (msgspec structs without a garbage-collector header) they take a quarter of
the memory of a dict, and read like one (`get`, `[]`, `in`), so the adapters' code and the paging
checks are the same for both. A field the answer did not carry stays absent (`UNSET`), never
None: `item.get("isActive", True)` still means "active unless the API says otherwise".
"""

from __future__ import annotations

from typing import Any

import msgspec

UNSET: Any = msgspec.UNSET


class Row(msgspec.Struct, gc=False, omit_defaults=True):
    """A list item's fields that matter; read like the dict it came from."""

    def get(self, name: str, default: Any = None) -> Any:
        value = getattr(self, name, UNSET)
        return default if value is UNSET else value

    def __getitem__(self, name: str) -> Any:
        value = getattr(self, name, UNSET)
        if value is UNSET:
            raise KeyError(name)
        return value

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and getattr(self, name, UNSET) is not UNSET

    @classmethod
    def of(cls, item: dict) -> Row:
        """The row of an item (fields it lacks stay absent; the others are dropped)."""
        return msgspec.convert(item, cls)


class AgentRow(Row):
    """`GET /agents` (cj AdminAgentsService.ts getAgents): what the agent adapter reads."""

    agentId: Any = UNSET
    userName: Any = UNSET
    isActive: Any = UNSET
    notes: Any = UNSET
    DigitalEngagementEnabled: Any = UNSET
    digitalEngagementEnabled: Any = UNSET


class AssignmentRow(Row):
    """`GET /agents/skills` (cj getAgentsSkills): what the agent adapter reads of an assignment."""

    agentId: Any = UNSET
    skillId: Any = UNSET
    agentProficiencyValue: Any = UNSET
    proficiency: Any = UNSET
    isActive: Any = UNSET
