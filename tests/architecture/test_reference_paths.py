"""The plain reference planner and converter are for tests: no module of the engine imports them,
so the reference stays free to be slow and the fast path cannot lean on it."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "acdplan"
REFERENCE = {"acdplan.plan.reference", "acdplan.model.plain_reference"}


def test_no_engine_module_imports_the_reference_paths():
    importers = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(("acdplan", *path.relative_to(PACKAGE).with_suffix("").parts))
        if module in REFERENCE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            importers += [f"{module} imports {name}" for name in names if name in REFERENCE]
    assert importers == []


def test_the_fast_modules_point_at_the_reasoning_and_keep_no_figures():
    readme = (PACKAGE.parent / "bench" / "README.md").read_text(encoding="utf-8")
    assert "## Fast paths, and what holds them" in readme
    for name in ("model/plain.py", "model/documents.py", "plan/changes.py", "plan/planner.py", "plan/told_by_digest.py",
                 "digests.py"):
        text = (PACKAGE / name).read_text(encoding="utf-8")
        assert 'bench/README.md, "Fast paths"' in text, name
        for figure in ("20,000", "22,801", "270,000", " MB"):
            assert figure not in text, (name, figure)
