"""HTTP plumbing: a threading loopback server, and a handler that applies latency and faults around
the emulator's dispatch and writes the answer (or drops it, or cuts it short)."""

from __future__ import annotations

import contextlib
import json
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from acdplan.emulator.route_faults import report_first_success_failed
from acdplan.emulator.wire import ApiError, Response, _error

if TYPE_CHECKING:
    from acdplan.emulator.server import Emulator


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """A client that went away (gave up, timed out) is ordinary here: no traceback."""
        import sys

        if isinstance(sys.exc_info()[1], OSError):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "CXoneEmulator/2"
    # Headers and body go out in two writes: with Nagle's algorithm on, the body waits for the
    # client's delayed ACK of the headers (~40 ms on Linux), which doubled a 50 ms call (issue 23).
    disable_nagle_algorithm = True

    def log_message(self, format, *args):
        return

    def _serve(self) -> None:
        emulator: Emulator = self.server.emulator  # type: ignore[attr-defined]
        emulator.requests += 1
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        if emulator.latency_ms:
            time.sleep(emulator.latency_ms / 1000.0)
        fault = emulator.fault()
        if fault == "throttle":
            return self._send(
                Response(
                    429,
                    {"error": "TooManyRequests", "errorDescription": "slow down"},
                    {"Retry-After": emulator.retry_after()},
                )
            )
        if fault == "fail-before":
            return self._send(Response(500, {"error": "InternalServerError", "errorDescription": "injected failure"}))
        if fault == "drop-before":
            return self._drop()
        aimed = emulator.route_faults.take(self.command, parts.path)
        if aimed == "refuse":
            return self._send(_error(ApiError(403, "Forbidden", "injected: the caller lacks the permission"), False))
        response = emulator.dispatch(self.command, parts.path, query, self.headers, body, self.server.host_kind)  # type: ignore[attr-defined]
        if aimed is not None and response.status < 300:
            return self._aimed(aimed, response)
        if fault == "fail-after":
            return self._send(Response(500, {"error": "InternalServerError", "errorDescription": "injected failure"}))
        if fault == "drop-after":
            return self._drop()
        self._send(response)

    def _aimed(self, aimed: str, response: Response) -> None:
        """A call carried out, then answered as the aimed fault says (route_faults.py)."""
        if aimed == "fail-after":
            return self._send(Response(500, {"error": "InternalServerError", "errorDescription": "injected failure"}))
        if aimed == "drop-after":
            return self._drop()
        if aimed == "item-failed":
            return self._send(Response(response.status, report_first_success_failed(response.body), response.headers))
        payload = json.dumps(response.body if response.body is not None else {}).encode()
        half = payload[: len(payload) // 2]
        self.send_response(response.status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload) if aimed == "truncate" else len(half)))
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(half)
            self.wfile.flush()
        if aimed == "truncate":
            self._drop()

    def _drop(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(2)

    def _send(self, response: Response) -> None:
        payload = b"" if response.body is None or response.status == 204 else json.dumps(response.body).encode()
        self.send_response(response.status)
        for key, value in response.headers.items():
            self.send_header(key, value)
        if payload:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if payload:
            self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve


def _maybe_json(body: bytes):
    if not body:
        return None
    try:
        return json.loads(body)
    except ValueError:
        return body.decode("utf-8", "replace")
