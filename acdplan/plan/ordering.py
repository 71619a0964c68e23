"""Apply order: a dependency graph of the changes, creations by kind, deletions in reverse.

A change waits for the changes of what it refers to (a channel for its default skill); a
deletion waits for every change that stops referring to what it deletes (a skill is
deactivated only after no channel binds it). Ties break by kind then name, so the same
plan always prints in the same order.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from graphlib import CycleError, TopologicalSorter
from operator import attrgetter

from acdplan.model.documents import KIND_RANK, references
from acdplan.plan.changes import Action, Change


def dependency_graph(changes: dict[str, Change]) -> dict[str, set[str]]:
    """address -> addresses of the changes that must be done before it (acting changes only)."""
    acting = {addr for addr, change in changes.items() if change.acts}
    graph: dict[str, set[str]] = {addr: set() for addr in changes}
    referrers: dict[str, set[str]] = defaultdict(set)  # X -> changes whose *before* refers to X
    for addr, change in changes.items():
        if change.acts and change.before is not None:
            for target in references(change.kind, change.before):
                referrers[target].add(addr)
    for addr, change in changes.items():
        if change.action is Action.DELETE:
            graph[addr] |= referrers.get(addr, set()) - {addr}
        else:
            renamed = {f"{change.kind}.{change.renamed_from}"} if change.renamed_from else set()
            for target in change.depends_on:
                dependency = changes.get(target)
                if target in acting and dependency is not None and dependency.action is not Action.DELETE:
                    graph[addr].add(target)
            graph[addr] -= renamed | {addr}
    return graph


def _priority(change: Change) -> tuple:
    rank = KIND_RANK.get(change.kind, 99)
    if change.action is Action.DELETE:
        return (1, -rank, change.name)
    return (0, rank, change.name)


def apply_order(changes: dict[str, Change], whole: dict[str, list[Change]] | None = None) -> list[Change]:
    """Acting changes topologically sorted (ties broken by phase, kind and name), then the
    unchanged objects by kind and name: they run nothing, so they need no graph, which keeps
    a no-op plan of a large tenant cheap (grouped by kind, each group sorted by name alone).
    `whole`: kinds whose every change is unchanged, already by name (the planner's kinds told
    by their digests), not among `changes`."""
    acting: dict[str, Change] = {}
    unchanged: dict[str, list[Change]] = defaultdict(list)
    for addr, change in changes.items():
        if change.acts:
            acting[addr] = change
        else:
            unchanged[change.kind].append(change)
    ordered = _topological(acting)
    whole = whole or {}
    for kind in sorted({*unchanged, *whole}, key=lambda name: (KIND_RANK.get(name, 99), name)):
        ordered += whole[kind] if kind in whole else sorted(unchanged[kind], key=_NAME)
    return ordered


_NAME = attrgetter("name")


def _topological(changes: dict[str, Change]) -> list[Change]:
    """graphlib orders by dependency; a heap picks among the ready ones by phase, kind, name."""
    graph = dependency_graph(changes)
    for addr, change in changes.items():
        # depends_on is what the applier waits for: references, and for a deletion the
        # changes that must let go of the object first.
        change.depends_on = (sorted(graph[addr]) if change.action is Action.DELETE
                             else sorted(set(change.depends_on) | graph[addr]))
    sorter = TopologicalSorter(graph)
    try:
        sorter.prepare()
    except CycleError as error:  # cannot happen for valid specs; say so loudly rather than loop
        raise RuntimeError(f"dependency cycle between changes: {error.args[1]}") from None
    ready = [(_priority(changes[addr]), addr) for addr in sorter.get_ready()]
    heapq.heapify(ready)
    ordered: list[Change] = []
    while ready:
        _, addr = heapq.heappop(ready)
        ordered.append(changes[addr])
        sorter.done(addr)
        for dependent in sorter.get_ready():
            heapq.heappush(ready, (_priority(changes[dependent]), dependent))
    return ordered
