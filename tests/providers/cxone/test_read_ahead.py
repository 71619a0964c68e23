"""A plan reads CXone while it validates the specs (issue 23), and users see nothing of it: specs
with errors are still rejected with their diagnostics whatever the tenant does, the read stops,
and an error of the read is still reported after validation, as before."""

from __future__ import annotations

import socket
import threading
import time

from click.testing import CliRunner

from tests.conftest import EXAMPLE_SPECS
from tests.providers.cxone.conftest import KEY_ID, KEY_SECRET

PROJECT = (
    "environments:\n  emu:\n    provider: cxone\n    base_url_env: CXONE_TEST_BASE_URL\n"
    "    dfo_url_env: CXONE_TEST_DFO_URL\n    credentials_env: [CXONE_TEST_KEY_ID, CXONE_TEST_KEY_SECRET]\n"
)


def _point_at(monkeypatch, base: str, dfo: str) -> None:
    monkeypatch.setenv("CXONE_TEST_BASE_URL", base)
    monkeypatch.setenv("CXONE_TEST_DFO_URL", dfo)
    monkeypatch.setenv("CXONE_TEST_KEY_ID", KEY_ID)
    monkeypatch.setenv("CXONE_TEST_KEY_SECRET", KEY_SECRET)


def _broken_specs(folder):
    folder.mkdir()
    (folder / "skills.yaml").write_text("skills:\n  MAIL_FR:\n    campaign: 12\n    nonsense_field: true\n")
    return folder


def _plan(tmp_path, *args):
    from acdplan.cli import plan_cmd

    return CliRunner().invoke(plan_cmd.command, ["-e", "emu", *args], catch_exceptions=False)


def test_specs_with_errors_are_rejected_and_the_read_stops(emulator, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _point_at(monkeypatch, emulator.url, emulator.dfo_url)
    emulator.set_faults(latency_ms=200)  # a slow tenant: the read is under way when validation fails
    specs = _broken_specs(tmp_path / "specs")
    (tmp_path / "acdplan.yaml").write_text(f"specs: {specs}\n" + PROJECT)
    threads_before = {thread.ident for thread in threading.enumerate()}
    started = time.monotonic()
    result = _plan(tmp_path)
    assert result.exit_code == 1, result.output
    assert "nonsense_field" in result.output and "Traceback" not in result.output
    assert "abandoned" not in result.output  # the read's own end is never the user's error
    assert time.monotonic() - started < 5
    left = [t.name for t in threading.enumerate() if t.ident not in threads_before and t.name.startswith("acdplan")]
    assert left == []  # nothing of the read runs on after the command


def test_specs_with_errors_against_an_unreachable_tenant_show_the_specs_errors(tmp_path, monkeypatch):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.chdir(tmp_path)
    _point_at(monkeypatch, f"http://127.0.0.1:{port}", f"http://127.0.0.1:{port}")
    specs = _broken_specs(tmp_path / "specs")
    (tmp_path / "acdplan.yaml").write_text(f"specs: {specs}\n" + PROJECT + "    unreachable_after_seconds: 2\n")
    result = _plan(tmp_path)
    assert result.exit_code == 1
    assert "nonsense_field" in result.output and "cannot reach" not in result.output


def test_an_error_of_the_read_is_still_reported_after_validation(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CXONE_TEST_KEY_SECRET", raising=False)
    monkeypatch.setenv("CXONE_TEST_BASE_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("CXONE_TEST_DFO_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("CXONE_TEST_KEY_ID", KEY_ID)
    (tmp_path / "acdplan.yaml").write_text(f"specs: {EXAMPLE_SPECS}\n" + PROJECT)
    result = _plan(tmp_path)
    assert result.exit_code == 1
    assert "CXONE_TEST_KEY_SECRET" in result.output and "Traceback" not in result.output


def test_a_failure_of_validation_itself_abandons_the_read(emulator, tmp_path, monkeypatch):
    """Not a spec error but validation failing (a bug, ^C): the read stops and nothing runs on."""
    import pytest

    from acdplan import manager
    from acdplan.config import load_config

    _point_at(monkeypatch, emulator.url, emulator.dfo_url)
    emulator.set_faults(latency_ms=200)
    (tmp_path / "acdplan.yaml").write_text(f"specs: {EXAMPLE_SPECS}\n" + PROJECT)
    environment = load_config(tmp_path).environment("emu")

    def failing(*args, **kwargs):
        time.sleep(0.3)  # the read is under way
        raise KeyboardInterrupt

    monkeypatch.setattr(manager, "validate", failing)
    threads_before = {thread.ident for thread in threading.enumerate()}
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        manager.plan(EXAMPLE_SPECS, environment)
    assert time.monotonic() - started < 3
    left = [t.name for t in threading.enumerate() if t.ident not in threads_before and t.name.startswith("acdplan")]
    assert left == []
