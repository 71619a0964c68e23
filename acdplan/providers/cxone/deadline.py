"""A deadline on one whole HTTP exchange: connect, send, headers and body together.

`requests` bounds each socket read (read_timeout), not the exchange: a server trickling its
answer 2 bytes a second never trips a per-read timeout, and kept an apply running for as long
as it liked (issue 20). Here the session's connection pools note, per thread, the socket a
request uses (made or reused); one watchdog thread shuts that socket down when the exchange's
deadline passes, which ends any read blocked on it, and the exchange is reported as
DeadlinePassed (never retried: a server that slow is not a passing fault).
"""

from __future__ import annotations

import contextlib
import heapq
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import requests
from requests.adapters import HTTPAdapter
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

_in_use = threading.local()  # .slot: the _Slot of the exchange this thread runs


class DeadlinePassed(Exception):
    """The exchange did not finish within its deadline (its socket was shut down)."""


class _Slot:
    __slots__ = ("done", "fired", "lock", "sockets")

    def __init__(self) -> None:
        self.sockets: list[socket.socket] = []  # every socket the exchange used (a redirect-free call: one)
        self.fired = False
        self.done = False  # the exchange ended: its deadline no longer matters
        self.lock = threading.Lock()

    def note(self, sock) -> None:
        if sock is None:
            return
        with self.lock:
            self.sockets.append(sock)
            fired = self.fired
        if fired:  # the deadline passed while the connection was being made
            self.abort()

    def abort(self) -> None:
        with self.lock:
            if self.done:
                return
            self.fired = True
            sockets = list(self.sockets)
        for sock in sockets:  # the response may hold it after its connection let go of it
            with contextlib.suppress(OSError):  # already closed
                sock.shutdown(socket.SHUT_RDWR)


def _slot() -> _Slot | None:
    return getattr(_in_use, "slot", None)


def _noting(pool_class: type) -> type:
    class NotingConnection(pool_class.ConnectionCls):  # type: ignore[name-defined]
        """A connection that tells this thread's exchange the socket it made."""

        def connect(self) -> None:
            super().connect()
            slot = _slot()
            if slot is not None:
                slot.note(self.sock)

    class Noting(pool_class):
        """A pool that tells this thread's exchange the socket of a connection it reuses."""

        ConnectionCls = NotingConnection

        def _get_conn(self, timeout=None):
            connection = super()._get_conn(timeout)
            slot = _slot()
            if slot is not None:
                slot.note(getattr(connection, "sock", None))
            return connection

    Noting.__name__ = f"Noting{pool_class.__name__}"
    return Noting


_POOLS = {"http": _noting(HTTPConnectionPool), "https": _noting(HTTPSConnectionPool)}


class DeadlineAdapter(HTTPAdapter):
    """requests' adapter whose pools let `within()` reach the socket of the exchange."""

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(_POOLS)


def mount(session: requests.Session) -> requests.Session:
    adapter = DeadlineAdapter()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


class _Watchdog:
    """One thread for every deadline of the process (a timer thread per call cost ~0.4 ms)."""

    def __init__(self) -> None:
        self._due: list[tuple[float, int, _Slot]] = []
        self._wake = threading.Condition()
        self._count = 0
        self._thread: threading.Thread | None = None

    def watch(self, slot: _Slot, seconds: float) -> None:
        with self._wake:
            self._count += 1
            heapq.heappush(self._due, (time.monotonic() + max(0.0, seconds), self._count, slot))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="acdplan-deadlines", daemon=True)
                self._thread.start()
            self._wake.notify()

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._due or self._due[0][0] > time.monotonic():
                    if self._due and self._due[0][2].done:
                        heapq.heappop(self._due)  # finished in time: forgotten
                        continue
                    self._wake.wait(None if not self._due else self._due[0][0] - time.monotonic())
                _, _, slot = heapq.heappop(self._due)
            if not slot.done:
                slot.abort()


_watchdog = _Watchdog()


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """Run one exchange (a `session.request(...)` reading the whole body) within `seconds`;
    DeadlinePassed when it did not finish in time, whatever the transport raised or returned."""
    slot = _Slot()
    _in_use.slot = slot
    _watchdog.watch(slot, seconds)
    try:
        yield
    except (requests.RequestException, OSError, ValueError):
        if slot.fired:
            raise DeadlinePassed(f"no complete answer within {seconds:g} s") from None
        raise
    finally:
        slot.done = True
        _in_use.slot = None
    if slot.fired:  # a body cut short by the shutdown can look whole (no Content-Length)
        raise DeadlinePassed(f"no complete answer within {seconds:g} s")
