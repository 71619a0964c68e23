"""The self-lockout guard: a plan may not take from the applying credential's own role a
permission that this apply or a later one needs (F15: Skills - Create and Skills - Edit).

Without it, the apply fails half-way with HTTP 403 at the first skill step after the role
changed, and no later apply can repair it: a person has to. `--force` lets it through.
"""

from __future__ import annotations

from collections.abc import Mapping

from acdplan.diagnostics import Diagnostic
from acdplan.plan.changes import Action, Change
from acdplan.validate import catalogue

SKILL_PERMISSIONS = ("skills.create", "skills.edit")  # F15, in the specs' admin permission names


def lockout(changes: dict[str, Change], user: str | None, manages_skills: bool, snapshot_roles: Mapping[str, dict],
            sources=None) -> list[Diagnostic]:
    """Diagnostics for the permissions `user` would lose through this plan (none when unknown)."""
    if not user or not manages_skills:
        return []
    agent = changes.get(f"agent.{user}")
    if agent is None or agent.before is None:
        return []  # acdplan does not manage the credential's user: its role stays as it is
    role_before = agent.before.get("role")
    role_after = None if agent.action is Action.DELETE else (agent.after or {}).get("role")
    had = set(((snapshot_roles.get(role_before) if role_before else None) or {}).get("admin_permissions") or ())
    role_change = changes.get(f"role.{role_after}") if role_after else None
    if role_after is None:
        keeps: set[str] = set()
    elif role_change is not None and role_change.after is not None and role_change.action is not Action.DELETE:
        keeps = set(role_change.after.get("admin_permissions") or ())
    elif role_change is not None and role_change.action is Action.DELETE:
        keeps = set()
    else:
        keeps = set((snapshot_roles.get(role_after) or {}).get("admin_permissions") or ())
    lost = sorted(permission for permission in SKILL_PERMISSIONS if permission in had and permission not in keeps)
    if not lost:
        return []
    how = (f"role {role_before!r} loses them" if role_after == role_before
           else f"it moves from role {role_before!r} to {role_after!r}" if role_after else "it loses its role")
    return [catalogue.diagnostic(
        catalogue.LO001, f"the plan takes {', '.join(lost)} from {user!r}, the user acdplan applies as ({how}): "
        f"this apply or the next one would be refused (F15); keep them, or run with --force if it is intended",
        sources, ("agents", user))]
