"""Schemas editors can use offline: no `$id` to fetch, `$ref`s resolved beside the file; example and
exported specs name their schema on their first line; check-jsonschema validates with them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from acdplan.cli import main
from acdplan.schema_files import modeline
from tests.conftest import EXAMPLE_SPECS, REPO_ROOT

CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")
SCHEMA_DIR = REPO_ROOT / "schema"


def check_jsonschema(schema: Path, *files: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(CHECK_JSONSCHEMA), "--schemafile", str(schema), *map(str, files)],
                          capture_output=True, text=True, timeout=120, check=False)


def test_schema_files_have_no_remote_id():
    for path in SCHEMA_DIR.glob("*.json"):
        assert "$id" not in json.loads(path.read_text()), path


def test_example_specs_and_project_file_name_their_schema_and_validate():
    specs = sorted(EXAMPLE_SPECS.glob("*.yaml"))
    for path in specs:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == modeline(), path
        assert (path.parent / first.split("=", 1)[1]).resolve() == SCHEMA_DIR / "spec.schema.json"
    result = check_jsonschema(SCHEMA_DIR / "spec.schema.json", *specs)
    assert result.returncode == 0, result.stdout + result.stderr
    config_line = (REPO_ROOT / "acdplan.yaml").read_text().splitlines()[0]
    assert config_line == "# yaml-language-server: $schema=schema/config.schema.json"
    assert check_jsonschema(SCHEMA_DIR / "config.schema.json", REPO_ROOT / "acdplan.yaml").returncode == 0


def test_check_jsonschema_catches_a_broken_spec(tmp_path):
    broken = tmp_path / "skills.yaml"
    broken.write_text("skills:\n  IG_FR: {campain: Social}\n")
    result = check_jsonschema(SCHEMA_DIR / "spec.schema.json", broken)
    assert result.returncode == 1 and "campain" in result.stdout + result.stderr


def test_schema_command_writes_schemas_that_resolve_where_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["schema", "--out", "editor/schemas"])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / "editor" / "schemas").glob("*.json"))
    assert written == sorted(p.name for p in SCHEMA_DIR.glob("*.json"))
    assert "$schema=../editor/schemas/spec.schema.json" in result.stderr
    shutil.copytree(EXAMPLE_SPECS, tmp_path / "specs")
    result = check_jsonschema(tmp_path / "editor" / "schemas" / "spec.schema.json", *(tmp_path / "specs").glob("*.yaml"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_exported_specs_name_their_schema(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(EXAMPLE_SPECS, tmp_path / "specs")
    assert CliRunner().invoke(main, ["apply", "--auto-approve"]).exit_code == 0
    result = CliRunner().invoke(main, ["export", "-e", "sandbox", "-o", "exported"])
    assert result.exit_code == 0, result.output
    files = sorted((tmp_path / "exported").glob("*.yaml"))
    assert files and all(p.read_text().splitlines()[0] == modeline() for p in files)
    assert CliRunner().invoke(main, ["schema", "--out", "schema"]).exit_code == 0
    assert check_jsonschema(tmp_path / "schema" / "spec.schema.json", *files).returncode == 0
