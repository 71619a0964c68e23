"""The state's history told briefly: versions grouped by the run that wrote them.

An apply of 20,000 objects writes 20,000 versions; `acdplan state history` shows one line for
the run (serials, who, when, operation, plan id, how many changes), `--json` every version.
"""

from __future__ import annotations


def describe_operations(operations: list[dict]) -> list[str]:
    described = []
    for operation in operations:
        path = operation.get("path") or []
        if operation["op"] == "replace":
            described.append("replace the whole state")
        elif path[:1] == ["resources"]:
            described.append(("record " if operation["op"] == "set" else "forget ") + str(path[1]))
        elif path[:1] == ["applied_plans"]:
            described.append(f"mark plan {path[1]} applied")
        else:
            described.append(f"{operation['op']} {'.'.join(map(str, path))}")
    return described


def runs(versions: list[dict]) -> list[str]:
    """One line per run: consecutive versions with the same run id."""
    lines: list[str] = []
    group: list[dict] = []

    def flush() -> None:
        if not group:
            return
        by = group[0].get("by") or {}
        first, last = group[0]["serial"], group[-1]["serial"]
        serials = f"serial {first}" if first == last else f"serials {first}-{last}"
        changes = sum(len(version["ops"]) for version in group)
        plan = f", plan {by['plan']}" if by.get("plan") else ""
        author = by.get("who") or "unknown (written before history was kept, or by an interrupted run)"
        lines.append(f"{serials}: {by.get('operation') or 'write'} by {author} at {by.get('at') or '?'}{plan} "
                     f"({changes} change{'s' if changes != 1 else ''})")
        group.clear()

    for version in versions:
        if group and (version.get("by") or {}).get("run") != (group[0].get("by") or {}).get("run"):
            flush()
        group.append(version)
    flush()
    return lines
