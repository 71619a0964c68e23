"""Digital Experience roles: admin permissions and, per channel, what its users may do (F6-F12)."""

from __future__ import annotations

from dataclasses import dataclass, field

from acdplan.model.kinds.base import HandWork, Kind, Ref
from acdplan.model.kinds.labels import permission_label
from acdplan.model.values import construct, without_defaults

ROLES = "ACD > Digital > Roles"


@dataclass(frozen=True, slots=True)
class Role:
    name: str
    handles_contacts: bool = True
    admin_permissions: frozenset[str] = frozenset()
    channels: dict[str, frozenset[str]] = field(default_factory=dict)
    description: str | None = None
    renamed_from: str | None = field(default=None, compare=False)
    exclusive: tuple[str, ...] = field(default=(), compare=False)  # lists acdplan owns whole

    def grants(self, channel: str) -> bool:
        return channel in self.channels


def build(name: str, data: dict, tenant=None) -> Role:
    return construct(Role, data, name=name,
                     admin_permissions=frozenset(data.get("admin_permissions") or ()),
                     channels={channel: frozenset(perms or ()) for channel, perms in (data.get("channels") or {}).items()},
                     exclusive=tuple(data.get("exclusive") or ()))


def export(body: dict, context: dict) -> dict:
    return without_defaults(Role, dict(body))


def steps(action: str, name: str, body: dict) -> list[str]:
    if action == "delete":
        return [f"Open {ROLES} > {name} > Delete."]
    lines = [f"Open {ROLES} > {name} > Edit (F12)." if action == "update"
             else f"Open {ROLES} > Create role: name {name} (F12)."]
    if body.get("admin_permissions"):
        lines.append(f"Admin permissions: tick {', '.join(body['admin_permissions'])} (F8, F11).")
    for channel, permissions in (body.get("channels") or {}).items():
        lines.append(f"Channels > {channel} > Edit permissions: tick "
                     f"{', '.join(permission_label(p) for p in permissions) or 'nothing'}; Save.")
    return lines


KIND = Kind(
    name="role", section="roles", model=Role, build=build, refs=(Ref(("channels",), "channel", keys=True),),
    export=export, label="role", open_lists=("channels", "admin_permissions"),
    hand=HandWork(create=f"{ROLES} > Create role", update=f"{ROLES} > {{name}} > Edit > Channels > Edit permissions",
                  delete=f"{ROLES} > {{name}} > Delete", steps=steps),
)
