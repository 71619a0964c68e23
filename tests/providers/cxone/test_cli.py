"""`acdplan export` and `acdplan plan` against the emulator, and against nothing, from the command line."""

from __future__ import annotations

import socket
import time

from click.testing import CliRunner

from acdplan.load import load_spec_folder
from tests.conftest import EXAMPLE_SPECS
from tests.providers.cxone.conftest import seed_for, spec_data

PROJECT = (
    "environments:\n  emu:\n    provider: cxone\n    base_url_env: CXONE_TEST_BASE_URL\n"
    "    dfo_url_env: CXONE_TEST_DFO_URL\n    credentials_env: [CXONE_TEST_KEY_ID, CXONE_TEST_KEY_SECRET]\n"
)


def test_export_command_writes_specs_and_never_overwrites_without_force(cxone, tmp_path, monkeypatch):
    data = spec_data()
    seed_for(cxone.emulator, data, channels=True)
    assert cxone.apply(data)[1].exit_code == 0
    monkeypatch.chdir(tmp_path)
    (tmp_path / "acdplan.yaml").write_text(PROJECT)
    from acdplan.cli import export_cmd

    runner = CliRunner()
    result = runner.invoke(export_cmd.command, ["-e", "emu", "-o", "out"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "out/skills.yaml" in result.output
    assert set(load_spec_folder(tmp_path / "out").data["skills"]) == set(data["skills"])
    again = runner.invoke(export_cmd.command, ["-e", "emu", "-o", "out"], catch_exceptions=False)
    assert again.exit_code == 1 and "--force" in again.output
    assert runner.invoke(export_cmd.command, ["-e", "emu", "-o", "out", "--force"]).exit_code == 0


def test_plan_against_an_unreachable_api_fails_fast_with_a_clear_error(tmp_path, monkeypatch):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CXONE_TEST_BASE_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("CXONE_TEST_DFO_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("CXONE_TEST_KEY_ID", "id")
    monkeypatch.setenv("CXONE_TEST_KEY_SECRET", "secret")
    (tmp_path / "acdplan.yaml").write_text(f"specs: {EXAMPLE_SPECS}\n" + PROJECT + "    unreachable_after_seconds: 2\n")
    from acdplan.cli import plan_cmd

    started = time.monotonic()
    result = CliRunner().invoke(plan_cmd.command, ["-e", "emu"], catch_exceptions=False)
    assert time.monotonic() - started < 10  # the default budget (20 s, test_client.py) is shortened here
    assert result.exit_code == 1
    assert f"cannot reach 127.0.0.1:{port}" in result.output and "base_url_env" in result.output
    assert "Traceback" not in result.output


def test_a_base_url_answering_404_is_reported_as_such(tmp_path, monkeypatch):
    """Issue 20 item 7: a base URL whose server answers 404 (another service, a path typo) was
    reported as "authentication failed", which sends the user to check a key that is fine."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class NotFound(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_error(404)

        do_POST = do_GET

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), NotFound)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        monkeypatch.chdir(tmp_path)
        for name, value in (("CXONE_TEST_BASE_URL", url), ("CXONE_TEST_DFO_URL", url), ("CXONE_TEST_KEY_ID", "id"),
                            ("CXONE_TEST_KEY_SECRET", "secret-value-1")):
            monkeypatch.setenv(name, value)
        (tmp_path / "acdplan.yaml").write_text(f"specs: {EXAMPLE_SPECS}\n" + PROJECT)
        from acdplan.cli import plan_cmd

        result = CliRunner().invoke(plan_cmd.command, ["-e", "emu"], catch_exceptions=False)
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == 1
    assert "authentication failed" not in result.output
    assert f"{url} is not a CXone login server" in result.output and "HTTP 404 (not found)" in result.output
    assert "base_url_env" in result.output and "secret-value-1" not in result.output
