"""Issue 20, items 4 and 6 for the CXone transport: a whole-request deadline (a server trickling
its answer 2 bytes a second cannot keep a run going past it), and a base URL whose port is out of
range is a diagnostic, not a traceback. Real sockets on loopback; the command line as users run it.
"""

from __future__ import annotations

import socket
import threading
import time

import pytest
from click.testing import CliRunner

from acdplan.cli import main
from tests.conftest import EXAMPLE_SPECS

PROJECT = (
    f"specs: {EXAMPLE_SPECS}\n"
    "environments:\n  emu:\n    provider: cxone\n    base_url_env: CXONE_TEST_BASE_URL\n"
    "    dfo_url_env: CXONE_TEST_DFO_URL\n    credentials_env: [CXONE_TEST_KEY_ID, CXONE_TEST_KEY_SECRET]\n"
    "    request_deadline_seconds: 2\n    read_timeout: 5\n"
)


class TricklingServer:
    """Answers every request 2 bytes a second: the body (with or without Content-Length), or even
    the headers. Each byte arrives well within any per-read timeout."""

    def __init__(self, mode: str):
        self.mode = mode
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.stopped = threading.Event()
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        self.listener.settimeout(0.2)
        while not self.stopped.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                continue
            self.connections += 1
            threading.Thread(target=self._answer, args=(client,), daemon=True).start()

    def _answer(self, client: socket.socket) -> None:
        body = b'{"access_token": "' + b"x" * 1000 + b'"}'
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        if self.mode == "length":
            head += b"Content-Length: %d\r\n" % len(body)
        head += b"X-Padding: " + b"p" * 1000 + b"\r\n\r\n"
        fast, slow = (head, body) if self.mode != "headers" else (b"HTTP/1.1 200 OK\r\n", head[17:] + body)
        with client:
            try:
                client.recv(65536)
                client.sendall(fast)
                for index in range(0, len(slow), 2):
                    if self.stopped.wait(0.5):
                        return
                    client.sendall(slow[index:index + 2])
            except OSError:
                return  # the client gave up: what the deadline is for

    def close(self) -> None:
        self.stopped.set()
        self.listener.close()


@pytest.fixture
def emu_project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "acdplan.yaml").write_text(PROJECT)
    monkeypatch.setenv("CXONE_TEST_KEY_ID", "id")
    monkeypatch.setenv("CXONE_TEST_KEY_SECRET", "secret")
    return tmp_path


def point_at(monkeypatch, url: str) -> None:
    monkeypatch.setenv("CXONE_TEST_BASE_URL", url)
    monkeypatch.setenv("CXONE_TEST_DFO_URL", url)


@pytest.mark.parametrize("mode", ["length", "close", "headers"])
@pytest.mark.parametrize("command", [["plan", "-e", "emu"], ["apply", "-e", "emu", "--auto-approve"]])
def test_a_trickling_answer_stops_at_the_deadline(emu_project, monkeypatch, mode, command):
    server = TricklingServer(mode)
    point_at(monkeypatch, f"http://127.0.0.1:{server.port}")
    try:
        started = time.monotonic()
        result = CliRunner().invoke(main, command, catch_exceptions=False)
        elapsed = time.monotonic() - started
    finally:
        server.close()
    assert result.exit_code == 1, result.output
    assert elapsed < 10, elapsed  # 2 s deadline; before the fix the answer took ~10 minutes to trickle in
    assert "error PV001" in result.stderr and "no complete answer within 2 s" in result.stderr
    assert "request_deadline_seconds" in result.stderr and "Traceback" not in result.output
    assert server.connections == 1  # not retried


@pytest.mark.parametrize("url", ["http://127.0.0.1:99999999", "http://user:pw-Secret9@127.0.0.1:99999999",
                                 "ftp://127.0.0.1:21", "http://:80"])
def test_a_base_url_that_cannot_be_one_is_a_diagnostic(emu_project, monkeypatch, url):
    point_at(monkeypatch, url)
    for command in (["plan", "-e", "emu"], ["apply", "-e", "emu", "--auto-approve"], ["export", "-e", "emu"]):
        result = CliRunner().invoke(main, command, catch_exceptions=False)
        assert result.exit_code == 1, result.output
        assert "CXONE_TEST_BASE_URL (base_url_env) is not a usable URL" in result.stderr, result.stderr
        assert "pw-Secret9" not in result.output
