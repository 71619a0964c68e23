"""The tenant read while the specs are validated (issue 23).

A plan against CXone waits on the network for most of its read (hundreds of pages) and on the CPU
for validation; neither needs the other until the planner runs, so a provider that
`reads_over_network` is read in a thread of its own meanwhile. What the user sees is unchanged:
specs with errors are rejected as before (the read is abandoned, its calls stop, its errors are
not reported), and an error of the read (an unreachable host, a refused key, a broken
acdplan.yaml setting) is raised where `Session.open` raised it, after validation.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from acdplan.runtime import before_reading_in_threads

if TYPE_CHECKING:
    from acdplan.config import Environment
    from acdplan.providers import Provider



class Closable(Protocol):
    def close(self) -> None: ...


Opened = TypeVar("Opened", bound=Closable)


class ReadAhead(Generic[Opened]):
    """`open_session(environment, provider)` (the manager's `Session.open`), started now, taken
    with `session()` or `abandon()`ed. `open_provider` is the manager's, so both open alike."""

    def __init__(self, environment: Environment, provider: Provider | None,
                 open_session: Callable[[Environment, Provider | None], Opened],
                 open_provider: Callable[[Environment], Provider]):
        self.environment = environment
        self.provider = provider
        self.open_session = open_session
        self._opened: Opened | None = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        if self.provider is None:
            try:
                self.provider = open_provider(environment)
            except Exception:  # raised again, in its place, by session()
                return
        if self.provider.reads_over_network:
            before_reading_in_threads()
            self._thread = threading.Thread(target=self._open, name="acdplan-read-ahead", daemon=True)
            self._thread.start()

    def _open(self) -> None:
        try:
            self._opened = self.open_session(self.environment, self.provider)
        except BaseException as error:  # handed to the main thread by session()
            self._error = error

    def session(self) -> Opened:
        """The opened session (the caller closes it), or the error opening it raised."""
        if self._thread is None:
            return self.open_session(self.environment, self.provider)
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._opened is not None
        return self._opened

    @contextmanager
    def abandoned_on_error(self) -> Iterator[None]:
        """What runs beside the read (validation): if it raises, the read is abandoned first."""
        try:
            yield
        except BaseException:
            self.abandon()
            raise

    def abandon(self) -> None:
        """The specs were rejected: stop the read's calls, wait for its thread, close what it opened."""
        if self.provider is not None:
            self.provider.abandon()
        if self._thread is not None:
            self._thread.join()
        if self._opened is not None:
            self._opened.close()
        elif self.provider is not None and self._thread is None:
            self.provider.close()
