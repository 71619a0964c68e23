"""Role rules (RL): who may reply, the admin permissions replying needs, and searching (F8, F10, F11)."""

from __future__ import annotations

from acdplan.diagnostics import Severity
from acdplan.validate.rules.base import Finding, rule


@rule("RL001", Severity.ERROR, "a role that handles contacts has a channel without `reply`",
      "add `reply` to the role's permissions on that channel, or set `handles_contacts: false` for a watch-only role",
      fact="F11",
      why="Without the Reply permission on a channel, the role's users cannot answer its contacts.",
      bad="roles:\n  Social Agents:\n    channels: {Instagram Direct FR: [view]}\n",
      good="roles:\n  Social Agents:\n    channels: {Instagram Direct FR: [view, reply]}\n")
def handling_role_without_reply(context):
    for role in context.spec.roles.values():
        if not role.handles_contacts:
            continue
        for channel, permissions in role.channels.items():
            if "reply" not in permissions:
                yield Finding(("roles", role.name, "channels", channel),
                              f"role {role.name!r} handles contacts but cannot reply on {channel!r}: add reply "
                              f"(or set handles_contacts: false if the role only watches)")


@rule("RL002", Severity.ERROR, "a role has `reply` somewhere but lacks the admin permission `skills.view`",
      "add `skills.view` to the role's admin_permissions", fact="F11",
      why="Besides Reply, agents need the admin permission Skills View to answer messages.",
      bad="roles:\n  Social Agents:\n    admin_permissions: [digital_engagement.view]\n",
      good="roles:\n  Social Agents:\n    admin_permissions: [skills.view, digital_engagement.view]\n")
def reply_without_skills_view(context):
    for role in context.spec.roles.values():
        if "skills.view" in role.admin_permissions:
            continue
        if any("reply" in permissions for permissions in role.channels.values()):
            yield Finding(("roles", role.name, "admin_permissions") if role.admin_permissions else ("roles", role.name),
                          f"role {role.name!r} may reply but lacks the admin permission skills.view, without which "
                          f"its agents cannot answer: add skills.view")


@rule("RL003", Severity.WARNING, "a role has channels but no Digital Engagement admin permission",
      "add the needed permissions of the Digital Engagement list (e.g. `digital_engagement.view`)", fact="F8",
      why="A role made for a channel must include the needed permissions of the Digital Engagement list (Admin > Permissions).",
      bad="roles:\n  Social Agents:\n    admin_permissions: [skills.view]\n",
      good="roles:\n  Social Agents:\n    admin_permissions: [skills.view, digital_engagement.view]\n")
def channels_without_digital_engagement(context):
    for role in context.spec.roles.values():
        if role.channels and not any(p.startswith("digital_engagement.") for p in role.admin_permissions):
            yield Finding(("roles", role.name, "admin_permissions") if role.admin_permissions else ("roles", role.name),
                          f"role {role.name!r} has channels but no Digital Engagement admin permission: add the "
                          f"ones its users need, e.g. digital_engagement.view")


SEARCH_PERMISSIONS = ("search_posts", "search_cases", "search_messages")


@rule("RL004", Severity.WARNING, "a watch-only role may search nothing on a channel",
      "add the search permissions its users need on that channel: `search_cases`, `search_messages` "
      "(and `search_posts` where the channel has posts)", fact="F10",
      why="Searching posts, cases or messages needs the matching permission, each ticked on its own; a role that does "
          "not handle contacts (a supervisor's) and may only `view` a channel can watch it but never look up a past "
          "case or message.",
      bad="roles:\n  Supervisors:\n    handles_contacts: false\n    admin_permissions: [digital_engagement.view]\n"
          "    channels: {Instagram Direct FR: [view]}\n",
      good="roles:\n  Supervisors:\n    handles_contacts: false\n    admin_permissions: [digital_engagement.view]\n"
           "    channels: {Instagram Direct FR: [view, search_cases, search_messages]}\n")
def watch_only_role_without_search(context):
    for role in context.spec.roles.values():
        if role.handles_contacts:
            continue
        for channel, permissions in role.channels.items():
            if permissions and not any(permission in permissions for permission in SEARCH_PERMISSIONS):
                yield Finding(("roles", role.name, "channels", channel),
                              f"role {role.name!r} only watches {channel!r} and may search nothing there: searching "
                              f"cases or messages needs search_cases / search_messages (F10)")
