"""A deadline on one whole HTTP exchange: connect, send, headers and body together.

`requests` bounds each socket read (read_timeout), not the exchange: a server trickling its
answer 2 bytes a second never trips a per-read timeout, and kept an apply running for as long
as it liked (issue 20). Here the session's connection pools note, per thread, the socket a
request uses (made or reused); a timer started for the exchange shuts that socket down when the
deadline passes, which ends any read blocked on it, and the exchange is reported as
DeadlinePassed (never retried: a server that slow is not a passing fault).
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import requests
from requests.adapters import HTTPAdapter
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

_in_use = threading.local()  # .slot: the _Slot of the exchange this thread runs


class DeadlinePassed(Exception):
    """The exchange did not finish within its deadline (its socket was shut down)."""


class _Slot:
    __slots__ = ("fired", "lock", "sockets")

    def __init__(self) -> None:
        self.sockets: list[socket.socket] = []  # every socket the exchange used (a redirect-free call: one)
        self.fired = False
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


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """Run one exchange (a `session.request(...)` reading the whole body) within `seconds`;
    DeadlinePassed when it did not finish in time, whatever the transport raised or returned."""
    slot = _Slot()
    _in_use.slot = slot
    timer = threading.Timer(max(0.0, seconds), slot.abort)
    timer.daemon = True
    timer.start()
    try:
        yield
    except (requests.RequestException, OSError, ValueError):
        if slot.fired:
            raise DeadlinePassed(f"no complete answer within {seconds:g} s") from None
        raise
    finally:
        timer.cancel()
        _in_use.slot = None
    if slot.fired:  # a body cut short by the shutdown can look whole (no Content-Length)
        raise DeadlinePassed(f"no complete answer within {seconds:g} s")
