"""Issue 10 item 4: loading is total or refused. A spec file that cannot be read never turns its
objects into planned deletions; an empty folder is an error; symlinks stay inside the folder."""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from acdplan.cli import main
from acdplan.load import load_spec_folder
from tests.conftest import EXAMPLE_SPECS


@pytest.fixture
def applied(tmp_path, monkeypatch):
    """The example specs, applied to the sandbox: every later plan compares against them."""
    shutil.copytree(EXAMPLE_SPECS, tmp_path / "specs")
    monkeypatch.chdir(tmp_path)
    assert run("apply", "--auto-approve").exit_code == 0
    return tmp_path


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def refused_plan(reason: str):
    result = run("plan", "--no-color")
    assert result.exit_code == 1, result.output
    assert "YM001" in result.output and reason in result.output, result.output
    assert "to delete" not in result.output and "delete" not in result.stdout
    return result


def test_dangling_symlink_stops_the_plan_instead_of_deleting_its_agents(applied):
    (applied / "specs" / "agents.yaml").unlink()
    (applied / "specs" / "agents.yaml").symlink_to(applied / "gone.yaml")
    result = refused_plan("dangling symlink")
    assert "specs/agents.yaml:1:1" in result.output


def test_symlink_loop_stops_the_plan(applied):
    (applied / "specs" / "agents.yaml").unlink()
    (applied / "specs" / "agents.yaml").symlink_to("loop.yaml")
    (applied / "specs" / "loop.yaml").symlink_to("agents.yaml")
    refused_plan("symlink loop")


def test_folder_symlink_loop_stops_the_plan(applied):
    (applied / "specs" / "again").symlink_to(applied / "specs")
    refused_plan("symlink loop")


def test_fifo_named_like_a_spec_is_refused_without_blocking(applied):
    os.mkfifo(applied / "specs" / "extra.yaml")  # opening it would wait for a writer forever
    refused_plan("not a regular file (a FIFO)")


def test_folder_named_like_a_spec_is_read_as_a_folder(applied):
    (applied / "specs" / "more.yaml").mkdir()
    assert run("plan", "--detailed-exitcode").exit_code == 0  # nothing in it, nothing changes


def test_unreadable_file_is_an_error_even_for_root(tmp_path):
    """Root reads any file, so the loader runs in a forked child that has dropped to `nobody`."""
    folder = Path(tempfile.mkdtemp(prefix="acdplan-perm-"))
    try:
        os.chmod(folder, 0o755)
        shutil.copy(EXAMPLE_SPECS / "tenant.yaml", folder / "tenant.yaml")
        (folder / "agents.yaml").write_text("agents: {}\n")
        os.chmod(folder / "tenant.yaml", 0o644)
        os.chmod(folder / "agents.yaml", 0o000)
        diagnostics = _load_as_nobody(folder)
    finally:
        shutil.rmtree(folder)
    assert [(d.rule, d.severity.value) for d in diagnostics] == [("YM001", "error")]
    assert diagnostics[0].file.endswith("agents.yaml") and "Permission denied" in diagnostics[0].message


def _load_as_nobody(folder: Path):
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            if os.geteuid() == 0:
                os.setgid(65534)
                os.setuid(65534)
            os.write(write_end, pickle.dumps(load_spec_folder(folder).diagnostics))
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    assert status == 0
    return pickle.loads(payload)


def test_empty_spec_folder_is_an_error(applied):
    for path in (applied / "specs").iterdir():
        path.unlink()
    (applied / "specs" / "README.md").write_text("specs go here\n")
    result = refused_plan("no spec files")
    assert "empty spec folder" in result.output


def test_spec_root_that_is_a_fifo_is_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.mkfifo(tmp_path / "pipe")
    result = run("validate", "pipe")
    assert result.exit_code == 1 and "not a spec file or folder (a FIFO)" in result.output


def test_symlink_leaving_the_folder_is_refused_unless_allowed(applied):
    secret = applied / "outside.yaml"
    secret.write_text("root:$6$hash:19000:0:99999:7:::\n")
    (applied / "specs" / "z.yaml").symlink_to(secret)
    result = refused_plan("leaves the spec folder")
    assert "$6$hash" not in result.output and "allow_symlinks_outside: true" in result.output
    (applied / "acdplan.yaml").write_text("allow_symlinks_outside: true\n")
    allowed = run("validate")
    assert allowed.exit_code == 1 and "unknown field 'root:" in allowed.output  # read now: not a spec
    (applied / "specs" / "z.yaml").unlink()
    (applied / "specs" / "linked").symlink_to(applied / "elsewhere")
    (applied / "elsewhere").mkdir()
    (applied / "elsewhere" / "campaigns.yaml").write_text("campaigns:\n  Extra: {}\n")
    assert run("validate").exit_code == 0
    (applied / "acdplan.yaml").unlink()
    assert "leaves the spec folder" in run("validate").output


def test_symlink_inside_the_folder_is_read(applied):
    (applied / "specs" / "agents.yaml").rename(applied / "specs" / "agents.txt")
    (applied / "specs" / "agents.yaml").symlink_to("agents.txt")
    assert run("plan", "--detailed-exitcode").exit_code == 0
