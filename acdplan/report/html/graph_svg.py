"""The dependency graph as inline SVG, laid out here (no Graphviz, no script, no network).

Objects sit in columns by topological layer: what nothing refers to first (campaigns,
scripts), then each object one column right of the furthest thing it refers to (skills,
channels, roles and queues, agents). Within a column, a few barycentre sweeps order the nodes
so that edges cross less. Every label is escaped: names are the user's, hence hostile.
"""

from __future__ import annotations

import colorsys
import hashlib
from dataclasses import dataclass
from html import escape

from acdplan.model.documents import split_address

NODE_HEIGHT = 24
ROW_GAP = 10
COLUMN_GAP = 70
MARGIN = 16
CHAR_WIDTH = 7.2  # of the 12 px monospace labels
MAX_LABEL = 40
KIND_COLORS = {
    "campaign": "#e8eaf6", "script": "#ede7f6", "skill": "#e3f2fd", "channel": "#e0f7fa", "role": "#f1f8e9",
    "routing_queue": "#fff8e1", "agent": "#fbe9e7", "tenant": "#eceff1",
}


def kind_color(kind: str) -> str:
    """A kind's fill: its colour above, else a pale one derived from its name, so a new kind is
    drawn apart from the others without a line here (tests/report/test_graph_svg.py)."""
    if kind in KIND_COLORS:
        return KIND_COLORS[kind]
    hue = int.from_bytes(hashlib.sha256(kind.encode()).digest()[:2], "big") / 65536
    red, green, blue = colorsys.hls_to_rgb(hue, 0.93, 0.6)
    return f"#{round(red * 255):02x}{round(green * 255):02x}{round(blue * 255):02x}"


ACTION_STROKES = {"create": "#2e7d32", "update": "#f9a825", "replace": "#6a1b9a", "delete": "#c62828"}


@dataclass(slots=True)
class PlacedNode:
    address: str
    layer: int
    row: int
    x: float = 0
    y: float = 0
    width: float = 0


def layers(nodes: list[str], edges: list[tuple[str, str]]) -> dict[str, int]:
    """Longest-path layering: a node is one column right of the furthest node it refers to.
    A cycle (which validation refuses) is cut where it is met, so this always ends."""
    targets: dict[str, list[str]] = {node: [] for node in nodes}
    for source, target in edges:
        targets.setdefault(source, []).append(target)
        targets.setdefault(target, [])
    layer: dict[str, int] = {}
    for start in sorted(targets):
        stack = [start]
        visiting: set[str] = set()
        while stack:
            node = stack.pop()
            if node in layer:
                continue
            visiting.add(node)
            pending = [target for target in targets[node] if target not in layer and target not in visiting]
            if pending:
                stack += [node, pending[0]]
                continue
            layer[node] = 1 + max((layer[t] for t in targets[node] if t in layer), default=-1)
            visiting.discard(node)
    return layer


def place(nodes: list[str], edges: list[tuple[str, str]]) -> dict[str, PlacedNode]:
    layer_of = layers(nodes, edges)
    columns: dict[int, list[str]] = {}
    for node in sorted(layer_of, key=lambda address: (split_address(address)[0], address)):
        columns.setdefault(layer_of[node], []).append(node)
    neighbours: dict[str, list[str]] = {node: [] for node in layer_of}
    for source, target in edges:
        neighbours[source].append(target)
        neighbours[target].append(source)
    position = {node: index for column in columns.values() for index, node in enumerate(column)}
    for _ in range(4):  # barycentre sweeps, left to right
        for number in sorted(columns)[1:]:
            column = columns[number]
            keys = {node: (_centre(node, number, neighbours, layer_of, position), node) for node in column}
            column.sort(key=keys.__getitem__)
            position.update({node: index for index, node in enumerate(column)})
    placed: dict[str, PlacedNode] = {}
    x = float(MARGIN)
    for number in sorted(columns):
        width = max(_label_width(node) for node in columns[number]) + 16
        for row, node in enumerate(columns[number]):
            placed[node] = PlacedNode(node, number, row, x, MARGIN + row * (NODE_HEIGHT + ROW_GAP), width)
        x += width + COLUMN_GAP
    return placed


def _centre(node: str, number: int, neighbours: dict[str, list[str]], layer_of: dict[str, int],
            position: dict[str, int]) -> float:
    """Mean row of the node's neighbours in the columns left of it (its own row when none)."""
    near = [position[other] for other in neighbours[node] if layer_of[other] < number]
    return sum(near) / len(near) if near else position[node]


def _label(address: str) -> str:
    return address if len(address) <= MAX_LABEL else address[: MAX_LABEL - 1] + "…"


def _label_width(address: str) -> float:
    return len(_label(address)) * CHAR_WIDTH


def render_svg(nodes: list[str], edges: list[tuple[str, str]], actions: dict[str, str] | None = None) -> str:
    """An <svg> of the graph; `actions` (address -> plan action) outlines changed objects."""
    actions = actions or {}
    placed = place(nodes, edges)
    if not placed:
        return '<p class="empty">No objects.</p>'
    width = max(node.x + node.width for node in placed.values()) + MARGIN
    height = max(node.y for node in placed.values()) + NODE_HEIGHT + MARGIN
    parts = [(f'<svg class="graph" xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
             f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-label="dependency graph">'),
             ('<defs><marker id="arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7" markerHeight="7" '
             'orient="auto-start-reverse"><path d="M0,0 L8,4 L0,8 z" fill="#78909c"/></marker></defs>'),
             '<g class="edges">']
    for source, target in edges:
        start, end = placed[source], placed[target]
        x1, y1 = start.x, start.y + NODE_HEIGHT / 2
        x2, y2 = end.x + end.width, end.y + NODE_HEIGHT / 2
        if start.layer <= end.layer:  # only in a cycle: draw it plainly
            x1, x2 = start.x + start.width, end.x
        bend = max(abs(x1 - x2) / 2, 20)
        direction = -1 if x1 >= x2 else 1
        parts.append(f'<path class="edge" data-from="{escape(source)}" data-to="{escape(target)}" '
                     f'd="M{x1:.1f},{y1:.1f} C{x1 + direction * bend:.1f},{y1:.1f} {x2 - direction * bend:.1f},{y2:.1f} '
                     f'{x2:.1f},{y2:.1f}" fill="none" stroke="#90a4ae" stroke-width="1.2" marker-end="url(#arrow)"/>')
    parts.append('</g><g class="nodes">')
    for node in placed.values():
        kind = split_address(node.address)[0]
        action = actions.get(node.address)
        stroke = ACTION_STROKES.get(action or "", "#78909c")
        dash = ' stroke-dasharray="4 3"' if action == "delete" else ""
        title = f"{node.address} ({action})" if action else node.address
        parts.append(
            f'<g class="node" data-address="{escape(node.address)}" data-kind="{escape(kind)}"'
            f' data-action="{escape(action or "unchanged")}"><title>{escape(title)}</title>'
            f'<rect x="{node.x:.1f}" y="{node.y:.1f}" width="{node.width:.1f}" height="{NODE_HEIGHT}" rx="5" '
            f'fill="{kind_color(kind)}" stroke="{stroke}" stroke-width="{2 if action else 1}"{dash}/>'
            f'<text x="{node.x + 8:.1f}" y="{node.y + 16:.1f}">{escape(_label(node.address))}</text></g>')
    parts.append("</g></svg>")
    return "".join(parts)
