"""Roles: listed by name with `POST /authorization/v1/roles/search` (User Hub,
cj:userhub/CxoneAuthorizationmanagementService.ts), which gives names, ids and CXone permission
keys, not a role's Digital channel permissions. No public API creates or changes a role.

So the kind is unreadable (the planner warns and leaves roles alone) and any role change it
still plans is manual, with the values. Agents are given roles by id (`roleId`, agent.py), the
id found here by the role's name.
"""

from __future__ import annotations

from acdplan.plan.changes import Change
from acdplan.report.ui_paths import ui_path
from acdplan.providers.base import TenantSnapshot
from acdplan.providers.cxone import routes
from acdplan.providers.cxone.client import CxoneClient
from acdplan.providers.cxone.kinds.base import Adapter, KindRead, values_text

UNREADABLE = (
    "no public CXone API reads or sets a role's Digital channel and admin permissions "
    "(roles/search gives names only): keep roles in line by hand in Admin > Security > Roles and "
    "Permissions, as roles/*.yaml say"
)


def search_roles(client: CxoneClient) -> list[dict]:
    response = client.request("POST", client.hub_url(routes.ROLES_SEARCH), json_body={}, retry_post=True)
    body = response.json() if response.content else {}
    roles = body.get("roles") if isinstance(body, dict) else None
    return [role for role in roles or [] if isinstance(role, dict)]


class RoleAdapter(Adapter):
    kind = "role"
    sources = {"roles": search_roles}
    unreadable = UNREADABLE

    def build(self, raw: dict) -> KindRead:
        read = KindRead()
        for role in raw["roles"]:
            if role.get("status", "ACTIVE") == "ACTIVE":
                read.keep(role.get("roleName"), role.get("roleId"), {})
        with self.context.lock:
            self.context.ids["role"] = dict(read.ids)
        return read

    def manual_reason(self, change: Change, snapshot: TenantSnapshot) -> str | None:
        document = change.after or change.before or {}
        return (
            f"no public CXone API {change.action.value}s a role: open {ui_path(change)} and set "
            f"{values_text(document, document)}"
        )
