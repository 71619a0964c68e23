"""Roles: read through the two published routes, changed by hand.

- User Hub `POST /authorization/v1/roles/search` answers `RoleV1` (roleId, roleName, description,
  status, `permissions[{permission}]`, `applications[{applicationId, privileges[{privilegeId,
  actions}], features[{featureId, privileges}]}]`) (cj:userhub/CxoneAuthorizationmanagementService.ts);
- admin `GET /security-profiles` answers `profiles[{roleId, permissions[{permissionKey, optionKeys}]}]`
  (cj:admin/AdminGeneralService.ts getSecurityProfiles).

Every CXone permission key read is kept in the role's `admin_permissions` as `cxone:<source>:<key>`
(docs/CXONE.md maps them): an open list, so keys the specs do not list are kept and shown, never
dropped, and a key the specs list and the tenant lost is drift. No published field holds a role's
Digital channel permissions (view, reply, send outbound, ...), its handles-contacts flag or the
guide's admin permission words (skills.view, ...): those are taken from the state, and a change to
them is a manual step with the screen and the values (F12). Nothing public creates or edits a
role. Agents are given roles by id (`roleId`, agent.py), the id found here by the role's name.
"""

from __future__ import annotations

from typing import ClassVar

from acdplan.plan.changes import Action, Change
from acdplan.providers.base import TenantSnapshot
from acdplan.providers.cxone import routes
from acdplan.providers.cxone.client import CxoneClient, admin_page_items
from acdplan.providers.cxone.kinds.base import Adapter, KindRead, Note, Sources, changed_fields, values_text
from acdplan.report.ui_paths import ui_path

CXONE_KEY = "cxone:"  # an admin_permissions entry that is a CXone permission key as read


def search_roles(client: CxoneClient) -> list[dict]:
    response = client.request("POST", client.hub_url(routes.ROLES_SEARCH), json_body={}, retry_post=True, read=True)
    body = response.json() if response.content else {}
    roles = body.get("roles") if isinstance(body, dict) else None
    return [role for role in roles or [] if isinstance(role, dict)]


def list_security_profiles(client: CxoneClient) -> list[dict]:
    return admin_page_items(client.get_json(client.admin_url(routes.SECURITY_PROFILES)), "profiles")[0]


def role_keys(role: dict) -> set[str]:
    """RoleV1's permissions and application privileges, each as one `cxone:` entry."""
    keys = {f"{CXONE_KEY}permission:{item['permission']}" for item in role.get("permissions") or ()
            if isinstance(item, dict) and item.get("permission")}
    for application in role.get("applications") or ():
        if not isinstance(application, dict):
            continue
        app = application.get("applicationId") or "?"
        for privilege in application.get("privileges") or ():
            keys |= _privilege_keys(f"{app}/{privilege.get('privilegeId') or '?'}", privilege)
        for feature in application.get("features") or ():
            for privilege in (feature.get("privileges") or ()) if isinstance(feature, dict) else ():
                keys |= _privilege_keys(f"{app}/{feature.get('featureId') or '?'}/{privilege.get('privilegeId') or '?'}",
                                        privilege)
    return keys


def _privilege_keys(name: str, privilege) -> set[str]:
    if not isinstance(privilege, dict):
        return set()
    actions = [action for action in privilege.get("actions") or () if action]
    return {f"{CXONE_KEY}privilege:{name}:{action}" for action in actions} or {f"{CXONE_KEY}privilege:{name}"}


def profile_keys(profile: dict) -> set[str]:
    """A security profile's permissions: `cxone:profile:<permissionKey>[:<optionKey>]`."""
    keys: set[str] = set()
    for item in profile.get("permissions") or ():
        if not isinstance(item, dict) or not item.get("permissionKey"):
            continue
        options = [option for option in item.get("optionKeys") or () if option]
        base = f"{CXONE_KEY}profile:{item['permissionKey']}"
        keys |= {f"{base}:{option}" for option in options} or {base}
    return keys


class RoleAdapter(Adapter):
    kind = "role"
    sources: ClassVar[Sources] = {"roles": search_roles, "security_profiles": list_security_profiles}
    optional_sources = frozenset({"security_profiles"})  # refused: the roles' own keys still read
    unread = ("channels", "handles_contacts")  # no published field: from the state

    def build(self, raw: dict) -> KindRead:
        read = self.read_of_kind()
        profiles: dict[object, set[str]] = {}
        for profile in raw.get("security_profiles") or ():
            if isinstance(profile, dict) and profile.get("roleId") is not None:
                profiles.setdefault(profile["roleId"], set()).update(profile_keys(profile))
        for role in raw["roles"]:
            if role.get("status", "ACTIVE") != "ACTIVE" or not role.get("roleName"):
                continue
            applied = self.context.applied(f"role.{role['roleName']}") or {}
            words = {entry for entry in applied.get("admin_permissions") or () if not entry.startswith(CXONE_KEY)}
            document: dict = {
                "handles_contacts": True,
                "admin_permissions": sorted(words | role_keys(role) | profiles.get(role.get("roleId"), set())),
                "channels": {},
            }
            if role.get("description"):
                document["description"] = role["description"]
            notes: list[Note] = [] if self.context.applied(f"role.{role['roleName']}") is not None else [
                (None, "set by hand: `channels` and `handles_contacts` (no public CXone API reads a role's Digital "
                       "channel permissions)")]
            read.keep(role["roleName"], role.get("roleId"), document, notes)
        with self.context.lock:
            self.context.ids["role"] = dict(read.ids)
        return read

    def manual_reason(self, change: Change, snapshot: TenantSnapshot) -> str | None:
        document = change.after or change.before or {}
        if change.action is Action.DELETE:
            return f"no public CXone API deletes a role: open {ui_path(change)} and delete {change.name!r}"
        if change.action in (Action.CREATE, Action.REPLACE):
            return (f"no public CXone API creates a role: open {ui_path(change)}, name it {change.name!r} and set "
                    f"{values_text(document, set(document))}")
        before, after = change.before or {}, change.after or {}
        parts = []
        for channel in sorted(set(before.get("channels") or {}) | set(after.get("channels") or {})):
            old, new = set((before.get("channels") or {}).get(channel, ())), set((after.get("channels") or {}).get(channel, ()))
            if old != new:
                parts.append(f"Channels > {channel} > Edit permissions: tick {', '.join(sorted(new)) or 'nothing'}"
                             + (f" (adds {', '.join(sorted(new - old))})" if new - old else "")
                             + (f" (removes {', '.join(sorted(old - new))})" if old - new else ""))
        others = changed_fields(change) - {"channels"}
        if others:
            parts.append(values_text(after, others))
        return (f"no public CXone API changes a role's permissions: open {ui_path(change)} (F12) and set: "
                f"{'; '.join(parts)}; Save")
