"""`acdplan -v plan` shows each CXone call (method, route, status, attempt), secrets redacted."""

from __future__ import annotations

from click.testing import CliRunner

from acdplan.cli import main
from acdplan.emulator import Emulator
from tests.conftest import EXAMPLE_SPECS


def test_verbose_shows_each_call_without_secrets(tmp_path, monkeypatch):
    server = Emulator(seed=1)
    server.add_credentials("KEY-ID-VISIBLE", "SECRET-NEVER-SHOWN-7731")
    server.accept_any_credentials = False
    server.start()
    try:
        monkeypatch.chdir(tmp_path)
        monkeypatch.setenv("CX_URL", server.url)
        monkeypatch.setenv("CX_DFO", server.dfo_url)
        monkeypatch.setenv("CX_ID", "KEY-ID-VISIBLE")
        monkeypatch.setenv("CX_SECRET", "SECRET-NEVER-SHOWN-7731")
        (tmp_path / "acdplan.yaml").write_text(
            f"specs: {EXAMPLE_SPECS}\nenvironments:\n  emu:\n    provider: cxone\n    base_url_env: CX_URL\n"
            "    dfo_url_env: CX_DFO\n    credentials_env: [CX_ID, CX_SECRET]\n")
        result = CliRunner().invoke(main, ["-v", "plan", "-e", "emu"])
        quiet = CliRunner().invoke(main, ["plan", "-e", "emu"])
    finally:
        server.stop()
    assert "cxone: GET http://127.0.0.1:" in result.stderr and "(attempt 1)" in result.stderr
    assert "SECRET-NEVER-SHOWN-7731" not in result.stderr + result.stdout
    assert "cxone: GET" not in quiet.stderr  # the stream is let go when the command ends
