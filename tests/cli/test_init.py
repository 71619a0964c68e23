"""`acdplan init [DIR]`: a project that validates, plans and applies on the sandbox at once, with
the workflow of examples/, pre-commit hooks this repository ships, and nothing overwritten."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import REPO_ROOT, run_cli


def test_init_writes_a_project_that_validates_and_plans_at_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli("init", "team")
    assert result.exit_code == 0, result.output
    assert "wrote team/acdplan.yaml" in result.output and "Next: cd team && acdplan validate" in result.output
    root = tmp_path / "team"
    for relative in ("acdplan.yaml", ".gitignore", ".pre-commit-config.yaml", ".github/workflows/acdplan.yml",
                     "specs/tenant.yaml", "specs/support.yaml", "schema/spec.schema.json"):
        assert (root / relative).is_file(), relative
    assert run_cli("-C", str(root), "validate").output == "valid: 0 errors, 0 warnings in 2 files\n"
    assert run_cli("-C", str(root), "fmt", "--check").exit_code == 0
    planned = run_cli("-C", str(root), "plan", "--format", "json")
    assert planned.exit_code == 0 and json.loads(planned.output)["summary"]["create"] == 5
    assert run_cli("-C", str(root), "apply", "--auto-approve").exit_code == 0
    assert "No changes." in run_cli("-C", str(root), "plan").output
    assert ".acdplan/" in (root / ".gitignore").read_text().splitlines()


def test_the_written_workflow_and_hooks_are_the_shipped_ones(tmp_path):
    assert run_cli("init", str(tmp_path)).exit_code == 0
    workflow = yaml.safe_load((tmp_path / ".github/workflows/acdplan.yml").read_text())
    assert workflow == yaml.safe_load((REPO_ROOT / "examples" / "github-workflow.yml").read_text())
    hooks = {hook["id"] for hook in yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text())}
    config = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())
    [repo] = config["repos"]
    assert {hook["id"] for hook in repo["hooks"]} == hooks
    schema = tmp_path / "schema" / "spec.schema.json"
    checked = subprocess.run([str(Path(sys.executable).with_name("check-jsonschema")), "--schemafile", str(schema),
                              *map(str, sorted((tmp_path / "specs").glob("*.yaml")))],
                             capture_output=True, text=True, timeout=120, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_init_never_replaces_what_the_folder_has(tmp_path):
    (tmp_path / "acdplan.yaml").write_text("specs: mine/\n")
    result = run_cli("init", str(tmp_path))
    assert result.exit_code == 0
    assert "kept acdplan.yaml: it exists already (--force replaces it)" in result.output
    assert (tmp_path / "acdplan.yaml").read_text() == "specs: mine/\n"
    assert (tmp_path / "specs" / "support.yaml").is_file()
    assert run_cli("init", str(tmp_path), "--force").exit_code == 0
    assert (tmp_path / "acdplan.yaml").read_text().startswith("# yaml-language-server")
