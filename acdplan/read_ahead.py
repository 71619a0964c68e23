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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from acdplan.config import Environment
    from acdplan.manager import Session
    from acdplan.providers import Provider


class ReadAhead:
    """`Session.open(environment, provider)`, started now, taken with `session()` or `abandon()`ed."""

    def __init__(self, environment: Environment, provider: Provider | None = None):
        self.environment = environment
        self.provider = provider
        self._opened: Session | None = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        if self.provider is None:
            from acdplan import manager  # as Session.open opens it (tests replace manager.open_provider)

            try:
                self.provider = manager.open_provider(environment)
            except Exception:  # raised again, in its place, by session()
                return
        if self.provider.reads_over_network:
            self._thread = threading.Thread(target=self._open, name="acdplan-read-ahead", daemon=True)
            self._thread.start()

    def _open(self) -> None:
        from acdplan.manager import Session

        try:
            self._opened = Session.open(self.environment, self.provider)
        except BaseException as error:  # handed to the main thread by session()
            self._error = error

    def session(self) -> Session:
        """The opened session (the caller closes it), or the error opening it raised."""
        from acdplan.manager import Session

        if self._thread is None:
            return Session.open(self.environment, self.provider)
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._opened is not None
        return self._opened

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
