"""Lifecycle rules (LC): `lifecycle.ignore_changes` names fields the object has; `removed:` names
objects the specs no longer declare. (LC003, prevent_destroy, is judged by the plan.)"""

from __future__ import annotations

import difflib

from acdplan.diagnostics import Severity
from acdplan.model.kinds import MANAGED, REGISTRY
from acdplan.model.lifecycle import unknown_field
from acdplan.validate.rules.base import Finding, rule


@rule("LC001", Severity.ERROR, "`lifecycle.ignore_changes` names a field the object does not have",
      "name a field of the object as the spec format writes it (dotted for a nested one: account.name)",
      why="An ignored field is never planned; a misspelt one would ignore nothing and let the plan change what the "
          "team meant to leave to the tenant.",
      bad="skills:\n  IG_Direct_FR:\n    campaign: Social\n    lifecycle: {ignore_changes: [service_levl]}\n",
      good="skills:\n  IG_Direct_FR:\n    campaign: Social\n    lifecycle: {ignore_changes: [service_level]}\n")
def ignored_fields_exist(context):
    for kind in MANAGED:
        section = context.data.get(kind.section) or {}
        bodies = {None: section} if kind.singleton is not None else section
        for name, body in bodies.items():
            written = ((body or {}).get("lifecycle") or {}).get("ignore_changes") or ()
            where = (kind.section,) if name is None else (kind.section, name)
            for index, dotted in enumerate(written):
                unknown = unknown_field(kind.name, str(dotted))
                if unknown is not None:
                    part, known = unknown
                    close = difflib.get_close_matches(part, known, n=1)
                    hint = f" (did you mean {close[0]!r}?)" if close else f" (fields there: {', '.join(known)})"
                    yield Finding((*where, "lifecycle", "ignore_changes", index),
                                  f"{kind.label} {name or kind.singleton!r}: ignore_changes names {dotted!r}, "
                                  f"which is no field of a {kind.label}{hint}", prefer_value=True)


@rule("LC002", Severity.ERROR, "`removed:` names an object the specs still declare, or no kind acdplan manages",
      "remove the object's declaration from the specs (acdplan then forgets it), or drop it from `removed:`",
      why="`removed:` tells acdplan to stop managing an object and leave it in the tenant; an object both declared "
          "and removed asks for two opposite things.",
      bad='removed: ["skill.IG_Direct_FR"]   # still declared under skills:\n',
      good='removed: ["skill.IG_Old_FR"]   # declared no more: acdplan forgets it, the tenant keeps it\n')
def removed_not_declared(context):
    for index, written in enumerate(context.spec.removed):
        kind_name, _, name = written.partition(".")
        declared = REGISTRY.get(kind_name)
        if declared is None or not declared.managed or not name:
            kinds = ", ".join(kind.name for kind in MANAGED)
            yield Finding(("removed", index), f"removed: {written!r} is no address acdplan manages: write "
                          f"KIND.NAME with KIND one of {kinds}", prefer_value=True)
        elif declared.singleton is not None:
            yield Finding(("removed", index), f"removed: {written!r}: the tenant's settings cannot be forgotten; "
                          "leave `tenant:` out of the specs to stop managing them", prefer_value=True)
        elif name in context.spec.of(kind_name):
            yield Finding(("removed", index), f"removed: {written!r} is still declared under "
                          f"`{declared.section}:`; delete that declaration to forget it", prefer_value=True)
