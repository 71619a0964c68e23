"""The `postgres` state backend: one state shared by every runner and person, in PostgreSQL tables.

Tables (schema `acdplan` unless `state.schema` says otherwise; several projects share one
database through their own schemas): `states` (one row per environment: lineage, serial),
`resources` (one row per managed object), `applied_plans`, `versions` (every version ever
written: who, when, operation, plan id and the operations, so any version can be rebuilt)
and `lock_holders` (who holds the lock, for waiters to read). See README, "Where state lives".

- Each applied step is its own transaction, committed as it happens: a crash loses nothing.
- Every write is a compare-and-swap on (lineage, serial): of two writers only one can win.
- The lock is a session-level advisory lock: a runner that dies (even by SIGKILL) closes its
  session, and PostgreSQL releases the lock with it.
"""

from __future__ import annotations

import json
import time
import uuid
from contextlib import contextmanager
from typing import TYPE_CHECKING

from acdplan.state.backend import StateBackend, StateConflict
from acdplan.state.corrupt import StateUnusable
from acdplan.state.document import State, apply_operations, empty_document, now, shape_problem
from acdplan.state.lock import LockHeld, LockInfo, announce_wait
from acdplan.state.pg_schema import ensure_schema

if TYPE_CHECKING:
    import psycopg

POLL_SECONDS = 0.2
MANUAL_SECTIONS = ("manual_steps", "confirmed")  # State.manual_steps, State.confirmed: table manual_records


def _dumps(value) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _batches(operations: list[dict]) -> list[list[dict]]:
    """Consecutive pending operations of one kind together; every other operation alone."""
    batches: list[list[dict]] = []
    for operation in operations:
        pending = (operation.get("path") or [None])[0] == "pending"
        last = batches[-1] if batches else None
        if pending and last and last[0]["path"][:1] == ["pending"] and last[0]["op"] == operation["op"]:
            last.append(operation)
        else:
            batches.append([operation])
    return batches


def scrub(message: str, dsn: str) -> str:
    """A driver message with the DSN's password (if any) taken out."""
    try:
        from psycopg.conninfo import conninfo_to_dict

        password = conninfo_to_dict(dsn).get("password")
    except Exception:
        password = None
    message = message.replace(dsn, "<DSN>")
    return message.replace(str(password), "***") if password else message


class PostgresBackend(StateBackend):
    name = "postgres"

    def __init__(self, dsn: str, schema: str, environment: str, dsn_variable: str = "the DSN variable"):
        super().__init__()
        self.dsn = dsn
        self.schema = schema
        self.environment = environment
        self.dsn_variable = dsn_variable
        self._connection: psycopg.Connection | None = None  # opened on first use
        self._lock_id: str | None = None

    @property
    def location(self) -> str:
        return f"PostgreSQL (schema {self.schema}, state {self.environment!r}, DSN from ${self.dsn_variable})"

    # -- connection ---------------------------------------------------------------------------
    @property
    def connection(self):
        if self._connection is None:
            import psycopg

            try:
                self._connection = psycopg.connect(self.dsn, autocommit=True, application_name="acdplan",
                                                   connect_timeout=10)
                ensure_schema(self._connection, self.schema)
            except psycopg.Error as error:
                self._connection = None
                raise StateUnusable("ST002", f"the state in {self.location} cannot be reached: "
                                             f"{scrub(str(error).strip(), self.dsn)}") from None
        return self._connection

    def _table(self, name: str):
        from psycopg import sql

        return sql.Identifier(self.schema, name)

    def _sql(self, text: str, *tables: str):
        from psycopg import sql

        return sql.SQL(text).format(*(self._table(table) for table in tables))

    # -- read -----------------------------------------------------------------------------------
    def read(self) -> State:
        connection = self.connection
        with connection.transaction():
            connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            row = connection.execute(self._sql("SELECT lineage, serial, format_version FROM {} WHERE name = %s",
                                               "states"), [self.environment]).fetchone()
            document = empty_document(self.environment)
            if row is None:
                return State(document)
            document["lineage"], document["serial"], document["format_version"] = row[0], int(row[1]), row[2]
            pending = connection.execute(self._sql("SELECT json_object_agg(address, plan_id)::text FROM {} "
                                                   "WHERE state = %s", "pending"), [self.environment]).fetchone()[0]
            document["pending"] = json.loads(pending) if pending else {}
            for section in MANUAL_SECTIONS:
                rows = connection.execute(self._sql("SELECT json_object_agg(address, body)::text FROM {} "
                                                    "WHERE state = %s AND section = %s", "manual_records"),
                                          [self.environment, section]).fetchone()[0]
                if rows:
                    document[section] = json.loads(rows)
            # One JSON text for all rows: a large tenant's 20,000 objects parse in one call.
            resources = connection.execute(self._sql(
                "SELECT json_object_agg(address, json_build_object('id', tenant_id, 'document', document, "
                "'applied_at', applied_at))::text FROM {} WHERE state = %s", "resources"),
                [self.environment]).fetchone()[0]
            document["resources"] = json.loads(resources) if resources else {}
            plans = connection.execute(self._sql("SELECT plan_id, applied_at FROM {} WHERE state = %s",
                                                 "applied_plans"), [self.environment]).fetchall()
            document["applied_plans"] = dict(plans)
        return State(document)

    # -- lock -----------------------------------------------------------------------------------
    def _lock_key(self) -> str:
        return f"acdplan:{self.schema}:{self.environment}"

    @contextmanager
    def lock(self, operation: str, timeout: float = 0.0):
        self.run_info.operation = operation
        connection = self.connection
        key = self._lock_key()
        deadline = time.monotonic() + timeout
        announced = False
        while not connection.execute("SELECT pg_try_advisory_lock(hashtextextended(%s, 0))", [key]).fetchone()[0]:
            if time.monotonic() >= deadline:
                raise LockHeld(self.holder(), self.location)
            if not announced:
                announce_wait(self.holder(), timeout)
                announced = True
            time.sleep(POLL_SECONDS)
        info = LockInfo(str(uuid.uuid4()), self.run_info.who, operation, now(), self.run_info.pid)
        connection.execute(self._sql(
            "INSERT INTO {} (state, lock_id, who, operation, since, pid, session_pid) "
            "VALUES (%s, %s, %s, %s, %s, %s, pg_backend_pid()) ON CONFLICT (state) DO UPDATE SET "
            "lock_id = EXCLUDED.lock_id, who = EXCLUDED.who, operation = EXCLUDED.operation, "
            "since = EXCLUDED.since, pid = EXCLUDED.pid, session_pid = EXCLUDED.session_pid", "lock_holders"),
            [self.environment, info.id, info.who, operation, info.created, info.pid])
        self._lock_id = info.id
        try:
            yield info
        finally:
            self._lock_id = None
            import psycopg

            try:
                connection.execute(self._sql("DELETE FROM {} WHERE state = %s AND lock_id = %s", "lock_holders"),
                                   [self.environment, info.id])
                connection.execute("SELECT pg_advisory_unlock(hashtextextended(%s, 0))", [key])
            except psycopg.Error:
                pass  # the session is gone, and the lock with it

    def holder(self) -> LockInfo | None:
        """Who holds the lock now: the holder row, if its session is still alive."""
        row = self.connection.execute(self._sql(
            "SELECT h.lock_id, h.who, h.operation, h.since, h.pid FROM {} h "
            "JOIN pg_stat_activity a ON a.pid = h.session_pid WHERE h.state = %s", "lock_holders"),
            [self.environment]).fetchone()
        return LockInfo(*row) if row else None

    def force_unlock(self, lock_id: str) -> LockInfo | None:
        """End the session holding the lock `lock_id` (PostgreSQL then releases it)."""
        row = self.connection.execute(self._sql(
            "SELECT lock_id, who, operation, since, pid, session_pid FROM {} WHERE state = %s", "lock_holders"),
            [self.environment]).fetchone()
        if row is None:
            raise LookupError("the state is not locked")
        info = LockInfo(*row[:5])
        if row[0] != lock_id:
            raise LookupError(f"lock id {lock_id!r} does not match the lock held: {info.describe()}")
        self.connection.execute("SELECT pg_terminate_backend(%s)", [row[5]])
        self.connection.execute(self._sql("DELETE FROM {} WHERE state = %s AND lock_id = %s", "lock_holders"),
                                [self.environment, lock_id])
        return info

    # -- write ----------------------------------------------------------------------------------
    def record(self, state: State, operations: list[dict], plan_id: str | None = None) -> int:
        """One transaction, sent in one pipeline (one round trip, then the commit): the serial's
        compare-and-swap, the version kept, the rows changed. A lost swap writes nothing."""
        by = self.run_info.by(plan_id)
        connection = self.connection
        serial = state.serial + 1
        lineage = state.lineage or str(uuid.uuid4())
        import psycopg

        try:
            with connection.pipeline(), connection.transaction():
                if state.serial == 0:  # the first write creates the row; a rival creation fails the swap
                    connection.execute(self._sql(
                        "INSERT INTO {} (name, lineage, serial, format_version, environment) "
                        "VALUES (%s, %s, 0, %s, %s) ON CONFLICT (name) DO NOTHING", "states"),
                        [self.environment, lineage, state.document.get("format_version", 1), self.environment])
                # The swap and the version in one statement: no row swapped -> a NULL serial -> refused.
                connection.execute(self._sql(
                    "WITH swapped AS (UPDATE {} SET serial = serial + 1 WHERE name = %s AND lineage = %s "
                    "AND serial = %s RETURNING serial) INSERT INTO {} (state, serial, lineage, who, at, operation, "
                    "plan_id, run_id, ops) VALUES (%s, (SELECT serial FROM swapped), %s, %s, %s, %s, %s, %s, %s)",
                    "states", "versions"),
                    [self.environment, lineage, state.serial, self.environment, lineage, by.get("who"),
                     by.get("at"), by.get("operation"), by.get("plan"), by.get("run"), _dumps(operations)])
                for batch in _batches(operations):
                    self._write_batch(batch)
        except (psycopg.errors.NotNullViolation, psycopg.errors.UniqueViolation):
            raise StateConflict(f"the state changed since it was read (serial {state.serial}): "
                                f"read it again") from None
        except psycopg.Error as error:
            raise StateUnusable("ST002", f"the state in {self.location} could not record version {serial} "
                                         f"({scrub(str(error).strip(), self.dsn)}); what the tenant did since is "
                                         f"shown by the next plan") from None
        state.document["lineage"] = lineage
        apply_operations(state.document, operations)
        state.document["serial"] = serial
        return serial

    def _write_batch(self, batch: list[dict]) -> None:
        """Pending intents come by the thousand in one record: one statement for a run of them."""
        kind, path = batch[0]["op"], batch[0]["path"]
        if path[:1] != ["pending"]:
            self._write(batch[0])
        elif kind == "set":
            self.connection.execute(self._sql(
                "INSERT INTO {} (state, address, plan_id) SELECT %s, a, p FROM unnest(%s::text[], %s::text[]) AS t(a, p) "
                "ON CONFLICT (state, address) DO UPDATE SET plan_id = EXCLUDED.plan_id", "pending"),
                [self.environment, [op["path"][1] for op in batch], [op["value"] for op in batch]])
        else:
            self.connection.execute(self._sql("DELETE FROM {} WHERE state = %s AND address = ANY(%s::text[])",
                                              "pending"), [self.environment, [op["path"][1] for op in batch]])

    def _write(self, operation: dict) -> None:
        kind, path = operation["op"], operation["path"]
        if kind == "replace":
            self._replace_rows(operation["value"])
        elif path[:1] == ["resources"] and len(path) == 2 and kind == "set":
            body = operation["value"]
            self.connection.execute(self._sql(
                "INSERT INTO {} (state, address, tenant_id, document, applied_at) VALUES (%s, %s, %s, %s, %s) "
                "ON CONFLICT (state, address) DO UPDATE SET tenant_id = EXCLUDED.tenant_id, "
                "document = EXCLUDED.document, applied_at = EXCLUDED.applied_at", "resources"),
                [self.environment, path[1], body.get("id"), _dumps(body.get("document", {})), body.get("applied_at")])
        elif path[:1] == ["resources"] and len(path) == 2 and kind == "delete":
            self.connection.execute(self._sql("DELETE FROM {} WHERE state = %s AND address = %s", "resources"),
                                    [self.environment, path[1]])
        elif path[:1] in ([section] for section in MANUAL_SECTIONS) and len(path) == 2 and kind == "set":
            self.connection.execute(self._sql(
                "INSERT INTO {} (state, section, address, body) VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (state, section, address) DO UPDATE SET body = EXCLUDED.body", "manual_records"),
                [self.environment, path[0], path[1], _dumps(operation["value"])])
        elif path[:1] in ([section] for section in MANUAL_SECTIONS) and len(path) == 2 and kind == "delete":
            self.connection.execute(self._sql("DELETE FROM {} WHERE state = %s AND section = %s AND address = %s",
                                              "manual_records"), [self.environment, path[0], path[1]])
        elif path[:1] == ["applied_plans"] and len(path) == 2 and kind == "set":
            self.connection.execute(self._sql(
                "INSERT INTO {} (state, plan_id, applied_at) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                "applied_plans"), [self.environment, path[1], operation["value"]])
        elif path[:1] == ["applied_plans"] and len(path) == 2 and kind == "delete":
            self.connection.execute(self._sql("DELETE FROM {} WHERE state = %s AND plan_id = %s", "applied_plans"),
                                    [self.environment, path[1]])
        else:
            raise ValueError(f"a state operation the postgres backend does not know: {kind} {path}")

    def _replace_rows(self, document: dict) -> None:
        for table in ("resources", "applied_plans", "pending", "manual_records"):
            self.connection.execute(self._sql("DELETE FROM {} WHERE state = %s", table), [self.environment])
        self.connection.execute(self._sql("UPDATE {} SET lineage = %s WHERE name = %s", "states"),
                                [document["lineage"], self.environment])
        pending = document.get("pending", {})
        if pending:
            self._write_batch([{"op": "set", "path": ["pending", address], "value": plan_id}
                               for address, plan_id in pending.items()])
        for section in MANUAL_SECTIONS:
            for address, body in (document.get(section) or {}).items():
                self._write({"op": "set", "path": [section, address], "value": body})
        with self.connection.cursor() as cursor:
            cursor.executemany(self._sql(
                "INSERT INTO {} (state, address, tenant_id, document, applied_at) VALUES (%s, %s, %s, %s, %s)",
                "resources"),
                [(self.environment, address, body.get("id"), _dumps(body.get("document", {})), body.get("applied_at"))
                 for address, body in document.get("resources", {}).items()])
            cursor.executemany(self._sql("INSERT INTO {} (state, plan_id, applied_at) VALUES (%s, %s, %s)",
                                         "applied_plans"),
                               [(self.environment, plan_id, at) for plan_id, at in
                                document.get("applied_plans", {}).items()])

    def replace(self, document: dict, expected_serial: int | None, operation: str | None = None) -> int:
        problem = shape_problem(document)
        if problem:
            raise ValueError(problem)
        self.run_info.operation = operation or self.run_info.operation
        current = self.read()
        if expected_serial is not None and current.serial != expected_serial:
            raise StateConflict(f"the state is at serial {current.serial}, not {expected_serial}")
        new = dict(document, lineage=document.get("lineage") or current.lineage or str(uuid.uuid4()))
        if current.lineage and new["lineage"] != current.lineage:
            with self.connection.transaction():  # a forced push of another lineage: keep the serial moving
                self.connection.execute(self._sql("UPDATE {} SET lineage = %s WHERE name = %s", "states"),
                                        [new["lineage"], self.environment])
            current.document["lineage"] = new["lineage"]
        new["serial"] = current.serial + 1
        return self.record(current, [{"op": "replace", "path": [], "value": new}])

    # -- history and migration ----------------------------------------------------------------
    def versions(self) -> list[dict]:
        rows = self.connection.execute(self._sql(
            "SELECT serial, ops::text, who, at, operation, plan_id, run_id FROM {} WHERE state = %s ORDER BY serial",
            "versions"), [self.environment]).fetchall()
        return [{"serial": int(serial), "ops": json.loads(ops),
                 "by": {"who": who_, "at": at, "operation": operation, "plan": plan_id, "run": run_id}}
                for serial, ops, who_, at, operation, plan_id, run_id in rows]

    def load_copy(self, document: dict, versions: list[dict]) -> None:
        import psycopg

        if self.read().serial > 0:
            raise StateConflict(f"{self.location} already holds a state: migrate only into an empty one")
        try:
            with self.connection.transaction():
                self.connection.execute(self._sql("DELETE FROM {} WHERE name = %s", "states"), [self.environment])
                self.connection.execute(self._sql("DELETE FROM {} WHERE state = %s", "versions"), [self.environment])
                self.connection.execute(self._sql(
                    "INSERT INTO {} (name, lineage, serial, format_version, environment) VALUES (%s, %s, %s, %s, %s)",
                    "states"), [self.environment, document["lineage"], document["serial"],
                                document.get("format_version", 1), self.environment])
                self._replace_rows(document)
                with self.connection.cursor() as cursor:
                    cursor.executemany(self._sql(
                        "INSERT INTO {} (state, serial, lineage, who, at, operation, plan_id, run_id, ops) "
                        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)", "versions"),
                        [(self.environment, v["serial"], document["lineage"], v.get("by", {}).get("who"),
                          v.get("by", {}).get("at"), v.get("by", {}).get("operation"), v.get("by", {}).get("plan"),
                          v.get("by", {}).get("run"), _dumps(v["ops"])) for v in versions])
        except psycopg.errors.UniqueViolation:
            raise StateConflict("another writer created this state during the migration") from None

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
