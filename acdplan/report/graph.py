"""Dependency edges as Mermaid (renders in GitHub comments) or Graphviz DOT."""

from __future__ import annotations

from acdplan.report.escape import terminal


def _node_ids(edges: list[tuple[str, str]]) -> dict[str, str]:
    names = sorted({end for edge in edges for end in edge})
    return {name: f"n{index}" for index, name in enumerate(names)}


def render_mermaid(edges: list[tuple[str, str]]) -> str:
    ids = _node_ids(edges)
    lines = ["graph LR"]
    for name, node in ids.items():
        label = terminal(name).replace('"', "#quot;")  # one line, no control character (escape.py)
        lines.append(f'  {node}["{label}"]')
    lines += [f"  {ids[source]} --> {ids[target]}" for source, target in edges]
    return "\n".join(lines) + "\n"


def render_dot(edges: list[tuple[str, str]]) -> str:
    def quote(text: str) -> str:
        return '"' + terminal(text).replace("\\", "\\\\").replace('"', '\\"') + '"'  # one line, no control

    lines = ["digraph acdplan {", "  rankdir=LR;"]
    lines += [f"  {quote(source)} -> {quote(target)};" for source, target in edges]
    return "\n".join(lines + ["}"]) + "\n"
