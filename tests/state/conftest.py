"""Fixtures for the state tests: a real PostgreSQL for the whole session, one schema per test."""

from __future__ import annotations

import os
import uuid

import pytest

from tests.state.pg_server import PostgresServer, server_binaries


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server started by the tests. Missing server binaries skip these tests on a
    developer's machine, and fail them in CI (CI=true): they must never be skipped there."""
    binaries = server_binaries()
    if binaries is None or not (binaries / "initdb").exists():
        message = ("no PostgreSQL server found in /usr/lib/postgresql/*/bin (install Debian's `postgresql` "
                   "package, as .ci/run does, or set ACDPLAN_TEST_PG_BIN)")
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    server = PostgresServer(binaries).start()
    yield server
    server.stop()


@pytest.fixture
def pg_dsn(pg_server, monkeypatch) -> str:
    monkeypatch.setenv("ACDPLAN_STATE_DSN", pg_server.dsn)
    return pg_server.dsn


@pytest.fixture
def pg_schema() -> str:
    """A schema of its own per test: tests share the server, never a state."""
    return "t_" + uuid.uuid4().hex[:12]
