"""Issue 20, items 5 and 6: acdplan writes only regular files it means to write, and a full disk
(ENOSPC) during plan or apply is a diagnostic (IO002), never a traceback.

The full disk is real where the tests may mount a small tmpfs (root in a container, as .ci/run),
and injected at the write otherwise (an fsync answering ENOSPC, as a full NFS share does).
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import EXAMPLE_SPECS, run_cli

ACDPLAN = [sys.executable, "-m", "acdplan"]


def run(folder: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    return subprocess.run([*ACDPLAN, *args], cwd=folder, env=env, capture_output=True, text=True, timeout=120,
                          check=False)


def make_project(folder: Path, state_dir: Path | None = None) -> Path:
    shutil.copytree(EXAMPLE_SPECS, folder / "specs")
    environment: dict = {"provider": "local", "path": str(folder / "tenant.json")}
    if state_dir is not None:
        environment["state_dir"] = str(state_dir)
    (folder / "acdplan.yaml").write_text(yaml.safe_dump({"specs": "specs", "environments": {"prod": environment}}))
    return folder


def assert_said_not_raised(result: subprocess.CompletedProcess, rule: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert f"error {rule}" in result.stderr, result.stderr


def make_null_device(path: Path) -> None:
    """A device of the test's own, as /dev/null is (never /dev/null itself: the code before the fix
    replaced it with a file, which would break the machine the tests run on)."""
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root; the FIFO and link cases cover the same check")


def edit_a_skill(project: Path) -> None:
    skills = project / "specs" / "skills.yaml"
    skills.write_text(skills.read_text().replace("sales questions, French", "sales questions (French)", 1))


# ----- only regular files ----------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["device", "fifo", "symlink"])  # a folder: click refuses it
def test_plan_out_refuses_what_is_not_a_regular_file(tmp_path, kind):
    project = make_project(tmp_path / "p")
    target = tmp_path / "target"
    if kind == "device":
        make_null_device(target)
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "symlink":
        (tmp_path / "elsewhere.json").write_text("keep me")
        target.symlink_to(tmp_path / "elsewhere.json")
    before = os.lstat(target)
    result = run(project, "plan", "-e", "prod", "-o", str(target))
    assert_said_not_raised(result, "IO001")
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino, after.st_rdev) == (before.st_mode, before.st_ino, before.st_rdev)
    if kind == "symlink":
        assert (tmp_path / "elsewhere.json").read_text() == "keep me"
    assert not list(target.parent.glob(f".{target.name}.*.tmp"))


def test_a_planted_link_at_the_temporary_name_is_not_followed(tmp_path, monkeypatch):
    from acdplan.state import atomic

    victim = tmp_path / "victim"
    victim.write_text("keep me")
    monkeypatch.setattr(atomic.secrets, "token_hex", lambda n: "fixed")
    (tmp_path / f".plan.json.{os.getpid()}.fixed.tmp").symlink_to(victim)
    with pytest.raises(FileExistsError):
        atomic.atomic_write(tmp_path / "plan.json", b"{}")
    assert victim.read_text() == "keep me"


def test_a_state_journal_that_is_a_link_is_not_written_through(tmp_path):
    project = make_project(tmp_path / "p")
    assert run(project, "apply", "-e", "prod", "--auto-approve").returncode == 0
    state = project / ".acdplan" / "state"
    (tmp_path / "elsewhere").write_text("")
    (state / "prod.json.journal").unlink(missing_ok=True)
    (state / "prod.json.journal").symlink_to(tmp_path / "elsewhere")
    edit_a_skill(project)
    result = run(project, "apply", "-e", "prod", "--auto-approve")
    assert_said_not_raised(result, "IO001")
    assert (tmp_path / "elsewhere").read_text() == ""


def test_report_out_refuses_a_device(tmp_path):
    project = make_project(tmp_path / "p")
    make_null_device(tmp_path / "null")
    result = run(project, "report", "-e", "prod", "-o", str(tmp_path / "null"))
    assert_said_not_raised(result, "IO001")
    assert (tmp_path / "null").is_char_device()


# ----- full disks ------------------------------------------------------------------------------
@pytest.fixture
def small_disk(tmp_path):
    """A 1 MiB tmpfs, or a skip where this process may not mount one."""
    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True,
                          check=False)
    if made.returncode != 0:
        pytest.skip("cannot mount a tmpfs here; test_enospc_injected covers the same path")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path) -> Path:
    filler = disk / "filler"
    with open(filler, "wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError as error:
            assert error.errno == errno.ENOSPC
    return filler


def test_a_full_disk_when_taking_the_lock_is_io002_naming_the_lock(tmp_path, small_disk):
    project = make_project(tmp_path / "p", state_dir=small_disk / "state")
    assert run(project, "apply", "-e", "prod", "--auto-approve").returncode == 0
    edit_a_skill(project)
    fill(small_disk)
    result = run(project, "apply", "-e", "prod", "--auto-approve")
    assert_said_not_raised(result, "IO002")
    assert "prod.lock" in result.stderr and "No space left on device" in result.stderr


def test_plan_out_on_a_full_disk_is_io002(tmp_path, small_disk):
    project = make_project(tmp_path / "p")
    fill(small_disk)
    result = run(project, "plan", "-e", "prod", "-o", str(small_disk / "plan.json"))
    assert_said_not_raised(result, "IO002")
    assert "No space left on device" in result.stderr
    assert not list(small_disk.glob(".plan.json.*"))


def test_apply_on_a_full_disk_is_io002_and_the_state_stays_readable(tmp_path, small_disk):
    project = make_project(tmp_path / "p", state_dir=small_disk / "state")
    assert run(project, "apply", "-e", "prod", "--auto-approve").returncode == 0
    edit_a_skill(project)
    filler = fill(small_disk)
    os.truncate(filler, filler.stat().st_size - 4096)  # room for the lock file only: the step's record fails
    result = run(project, "apply", "-e", "prod", "--auto-approve")
    assert_said_not_raised(result, "IO002")
    assert "could not record version" in result.stderr and "No space left on device" in result.stderr
    assert "prod.json.journal" in result.stderr
    filler.unlink()
    again = run(project, "plan", "-e", "prod")
    assert again.returncode == 0 and "Traceback" not in again.stderr, again.stderr


def test_enospc_injected_at_the_write_is_io002(project, monkeypatch):
    from acdplan.state import atomic

    def full(_descriptor):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "fsync", full)  # every durable write of acdplan ends with an fsync
    result = run_cli_quiet("plan", "specs", "-o", "plan.json")
    assert result.exit_code == 1
    assert "IO002" in result.stderr and "No space left on device" in result.stderr
    assert not (project / "plan.json").exists()
    result = run_cli_quiet("apply", "specs", "--auto-approve")
    assert result.exit_code == 1 and "IO002" in result.stderr


def run_cli_quiet(*args: str):
    result = run_cli(*args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_the_emulators_tenant_file_is_never_a_link(tmp_path):
    (tmp_path / "elsewhere.json").write_text("{}")
    (tmp_path / "tenant.json").symlink_to(tmp_path / "elsewhere.json")
    result = run(tmp_path, "emulator", "--tenant", "tenant.json")
    assert_said_not_raised(result, "IO001")
    assert (tmp_path / "tenant.json").is_symlink()
