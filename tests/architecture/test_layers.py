"""Dependencies run one way: no import cycle between the stages of the pipeline.

A stage is a subpackage of `acdplan` (load, render, validate, model, plan, apply, state,
providers, report, cli, ...) or a top-level module (config, manager, tenant, ...). Every import
counts, module-level or inside a function, except those made for type checking only.
"""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "acdplan"


def _stage(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "acdplan" or len(parts) < 2:
        return None
    return parts[1]


def _imports(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            node.body = []  # imports for type checkers only are not dependencies at run time
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
    return found


def stage_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        module = ".".join(("acdplan", *path.relative_to(PACKAGE).with_suffix("").parts))
        stage = _stage(module) or "__init__"
        targets = graph.setdefault(stage, set())
        for imported in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            target = _stage(imported)
            if target and target != stage:
                targets.add(target)
    return graph


def test_no_import_cycle_between_stages():
    graph = stage_graph()
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError as error:
        raise AssertionError(f"import cycle between stages: {' -> '.join(error.args[1])}") from None
    assert order.index("model") < order.index("plan") < order.index("apply") < order.index("manager")


def test_the_engine_never_imports_a_provider_or_the_command_line():
    graph = stage_graph()
    for stage in ("load", "render", "validate", "model", "plan", "apply", "state", "tenant"):
        assert "cli" not in graph.get(stage, set()), stage
        assert "providers" not in graph.get(stage, set()), stage
        assert "report" not in graph.get(stage, set()), stage


def test_the_detector_sees_a_cycle():
    graph = {"plan": {"providers"}, "providers": {"plan"}}
    try:
        list(TopologicalSorter(graph).static_order())
    except CycleError:
        return
    raise AssertionError("a cycle went unseen")
