"""The README's two first commands, which .ci/run runs as CI does on a clean checkout: the first
installs acdplan alone (no test extras) and runs the main job; the second, scripts/test, installs
what the tests need (PostgreSQL, Chromium, the test extras) and runs them."""

from __future__ import annotations

import ast
import re
import subprocess
import tomllib

from tests.conftest import REPO_ROOT


def first_commands() -> list[str]:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", readme, re.DOTALL)
    assert block is not None
    return block.group(1).strip().splitlines()


def test_the_first_command_installs_acdplan_alone_and_the_second_is_the_test_script():
    install, tests = first_commands()
    assert "pip install -q -e . &&" in install and "[test]" not in install
    assert install.endswith("acdplan validate specs/ && .venv/bin/acdplan plan specs/")
    assert tests == "scripts/test"
    ci = (REPO_ROOT / ".ci" / "run").read_text().splitlines()
    assert install in ci and tests in ci  # CI runs exactly what a newcomer runs


def test_the_test_script_installs_postgresql_chromium_and_the_test_extras():
    script = (REPO_ROOT / "scripts" / "test").read_text()
    assert 'compgen -G "/usr/lib/postgresql/*/bin/initdb"' in script and "apt_install --no-install-recommends postgresql" in script
    assert "[ -x /usr/bin/chromium ] || apt_install chromium" in script
    assert ".venv/bin/pip install -q -e '.[test]'" in script and script.rstrip().endswith('pytest "$@"')
    for path in (REPO_ROOT / "scripts" / "test", REPO_ROOT / ".ci" / "run"):
        assert subprocess.run(["bash", "-n", str(path)], check=False).returncode == 0
        assert path.stat().st_mode & 0o111, f"{path} is not executable"


def test_acdplan_imports_nothing_of_the_test_extras():
    """What the first command installs is enough: no module of acdplan imports a test-only package."""
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    runtime = {re.split(r"[<>=\[ ]", dep)[0].lower().replace("-", "_") for dep in project["dependencies"]}
    test_only = {re.split(r"[<>=\[ ]", dep)[0].lower().replace("-", "_") for dep in project["optional-dependencies"]["test"]}
    imports = {"pytest", "hypothesis", "cmarkgfm", "check_jsonschema", "pre_commit", "playwright", "ruff", "mypy"}
    assert imports <= test_only | {"check_jsonschema", "pre_commit"}
    for path in (REPO_ROOT / "acdplan").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                assert name.split(".")[0] not in imports - runtime, f"{path} imports {name}"
