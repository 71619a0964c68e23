"""Test modules share through conftest.py and fixture modules, never by importing one another:
importing a test module runs its collection-time code again and ties two suites' edits together
(issue 21: tests/providers/local/test_sandbox.py imported tests/apply/test_crash_injection)."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def _is_test_module(module: str) -> bool:
    return module.rsplit(".", 1)[-1].startswith("test_")


def _is_file(module: str) -> bool:
    return TESTS.parent.joinpath(*module.split(".")).with_suffix(".py").is_file()


def imported_test_modules(source: str, package: str) -> list[str]:
    """The test modules `source` imports (anywhere in it, relative imports resolved from `package`)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if _is_test_module(alias.name)]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            if base and _is_test_module(base):
                found.append(base)
            else:  # `from tests.apply import test_crash_injection` (a module, not a function it holds)
                found += [f"{base}.{alias.name}" for alias in node.names
                          if _is_test_module(alias.name) and _is_file(f"{base}.{alias.name}")]
    return found


def test_no_test_module_imports_another():
    offenders = []
    for path in sorted(TESTS.rglob("*.py")):
        package = ".".join(("tests", *path.relative_to(TESTS).parent.parts))
        for imported in imported_test_modules(path.read_text(encoding="utf-8"), package):
            offenders.append(f"{path.relative_to(TESTS.parent)} imports {imported}")
    assert offenders == [], "move what they share into conftest.py or a fixture module:\n" + "\n".join(offenders)


def test_the_detector_sees_each_form_of_import():
    assert imported_test_modules("from tests.apply.test_crash_injection import BEFORE", "tests.plan") == [
        "tests.apply.test_crash_injection"]
    assert imported_test_modules("import tests.apply.test_saved_plans", "tests.plan") == ["tests.apply.test_saved_plans"]
    assert imported_test_modules("from tests.apply import test_saved_plans", "tests.plan") == ["tests.apply.test_saved_plans"]
    assert imported_test_modules("from .test_order import X", "tests.plan") == ["tests.plan.test_order"]
    assert imported_test_modules("def f():\n    from ..apply.test_lock import Y\n", "tests.plan") == ["tests.apply.test_lock"]
    assert imported_test_modules("from tests.plan.small_tenant import BEFORE\nimport pytest", "tests.plan") == []
    shared = "from tests.validate.rules.helpers import test_good_example_is_clean"  # a shared test, not a module
    assert imported_test_modules(shared, "tests.validate.rules") == []
