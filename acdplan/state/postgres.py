"""The `postgres` state backend: one state shared by every runner and person, in PostgreSQL tables.

Tables (schema `acdplan` unless `state.schema` says otherwise; several projects share one
database through their own schemas): `states` (one row per environment: lineage, serial),
`resources` (one row per managed object), `applied_plans`, `versions` (every version ever
written: who, when, operation, plan id and the operations, so any version can be rebuilt)
and `lock_holders` (who holds the lock, for waiters to read). See README, "Where state lives".

- Each applied step is its own version, committed as it happens in one round trip (steps that
  finished together in a parallel apply share one transaction): a crash loses nothing recorded.
- Every write is a compare-and-swap on (lineage, serial): of two writers only one can win.
- The lock is a session-level advisory lock: a runner that dies (even by SIGKILL) closes its
  session, and PostgreSQL releases the lock with it.
- Every wait is bounded and said (issue 20): each session runs under `lock_timeout` and
  `statement_timeout` (state.lock_timeout / state.statement_timeout, seconds), and a statement
  stopped by one is ST003 naming what waited and the sessions holding locks on the state's tables.
  A table dropped or altered by hand is ST004; any other driver error ST002; never a traceback.
- `force-unlock` ends a session only when pg_locks proves it holds the advisory lock; every
  commit checks that the lock row is still this run's (fencing, acdplan/state/fencing.py).
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from acdplan.state import fencing
from acdplan.state.backend import StateBackend, StateConflict
from acdplan.state.corrupt import StateUnusable
from acdplan.state.document import State, apply_operations, empty_document, now, shape_problem
from acdplan.state.lock import LockHeld, LockInfo, announce_wait
from acdplan.state.pg_schema import NewerSchema, ensure_schema

if TYPE_CHECKING:
    import psycopg

POLL_SECONDS = 0.2
LOCK_TIMEOUT_S = 30.0  # a statement waiting on another session's lock on the state's tables
STATEMENT_TIMEOUT_S = 300.0  # one statement (the largest tenant's read takes a few seconds)
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


def meant_password(dsn: str) -> str | None:
    """The password a URL DSN's writer meant: everything between the user's `:` and the LAST `@`
    of the authority. libpq splits at the first `@`, so a raw `@` in a password sends the rest
    of it to the host name (`failed to resolve host 'Secret77@127.0.0.1'`)."""
    scheme, separator, rest = dsn.partition("://")
    if not separator or "@" not in rest:
        return None
    authority = rest.split("?", 1)[0]
    userinfo = authority[:authority.rfind("@")]
    user, colon, password = userinfo.partition(":")
    return password if colon and password else None


def scrub(message: str, dsn: str) -> str:
    """A driver message with the DSN's password (if any) taken out: as the driver read it and as
    it was meant, whole and in the pieces a raw `@` cut it into."""
    try:
        from psycopg.conninfo import conninfo_to_dict

        password = conninfo_to_dict(dsn).get("password")
    except Exception:
        password = None
    message = message.replace(dsn, "<DSN>")
    secrets = {str(password)} if password else set()
    meant = meant_password(dsn)
    if meant:
        secrets |= {meant, *(piece for piece in meant.split("@") if len(piece) >= 3)}
    for secret in sorted(secrets, key=len, reverse=True):
        message = message.replace(secret, "***")
    return message


class PostgresBackend(StateBackend):
    name = "postgres"

    def __init__(self, dsn: str, schema: str, environment: str, dsn_variable: str = "the DSN variable",
                 lock_timeout: float = LOCK_TIMEOUT_S, statement_timeout: float = STATEMENT_TIMEOUT_S):
        super().__init__()
        self.dsn = dsn
        self.schema = schema
        self.environment = environment
        self.dsn_variable = dsn_variable
        self.lock_timeout = lock_timeout
        self.statement_timeout = statement_timeout
        self._connection: psycopg.Connection | None = None  # opened on first use
        self._lock_id: str | None = None
        self.unlock_note: str | None = None  # what force_unlock did, for its command to say
        self._composed: dict[tuple[str, ...], object] = {}  # _sql's statements, composed once
        # This state wherever it is reached from in this process (the fencing registry's key).
        self._fence = "postgres:" + hashlib.sha256(f"{dsn}\0{schema}\0{environment}".encode()).hexdigest()

    @property
    def location(self) -> str:
        return f"PostgreSQL (schema {self.schema}, state {self.environment!r}, DSN from ${self.dsn_variable})"

    # -- connection ---------------------------------------------------------------------------
    @property
    def connection(self):
        if self._connection is None:
            import psycopg

            if "@" in (meant_password(self.dsn) or ""):  # libpq would cut it at the `@`: refused, never shown
                raise StateUnusable("ST002", f"the DSN in ${self.dsn_variable} has a raw '@' in its password, which "
                                             "PostgreSQL reads as the end of the password: write it as %40")
            try:
                self._connection = psycopg.connect(self.dsn, autocommit=True, application_name="acdplan",
                                                   connect_timeout=10)
            except psycopg.Error as error:
                self._connection = None
                raise StateUnusable("ST002", f"the state in {self.location} cannot be reached: "
                                             f"{scrub(str(error).strip(), self.dsn)}") from None
            with self._said("preparing the state's schema"):
                self._connection.execute("SELECT set_config('lock_timeout', %s, false), "
                                         "set_config('statement_timeout', %s, false)",
                                         [f"{round(self.lock_timeout * 1000)}ms",
                                          f"{round(self.statement_timeout * 1000)}ms"])
                try:
                    ensure_schema(self._connection, self.schema)
                except NewerSchema as newer:
                    self._connection = None
                    raise StateUnusable("ST002", f"the state in {self.location} has schema_version {newer.version}, "
                                                 f"made by a newer acdplan (this one knows up to {newer.known}): "
                                                 "upgrade acdplan to use it; it is left unchanged") from None
        return self._connection

    @contextmanager
    def _said(self, doing: str) -> Iterator[None]:
        """Driver errors while `doing` something, as the diagnostic that says what happened."""
        import psycopg

        try:
            yield
        except (StateUnusable, StateConflict, LockHeld, LookupError):
            raise
        except psycopg.errors.LockNotAvailable:
            raise StateUnusable("ST003", f"{doing}: waited {self.lock_timeout:g} s (state.lock_timeout) for a lock "
                                         f"on the state's tables in {self.location}, held by "
                                         f"{self._lock_holders()}; end that transaction, or raise "
                                         f"state.lock_timeout") from None
        except psycopg.errors.QueryCanceled:
            raise StateUnusable("ST003", f"{doing}: a statement on the state in {self.location} ran past "
                                         f"state.statement_timeout ({self.statement_timeout:g} s) and was stopped "
                                         f"(sessions holding locks on its tables: {self._lock_holders()})") from None
        except (psycopg.errors.UndefinedTable, psycopg.errors.UndefinedColumn, psycopg.errors.InvalidSchemaName,
                psycopg.errors.UndefinedFunction) as error:
            raise StateUnusable("ST004", f"{doing}: the state's tables in {self.location} are not as acdplan made "
                                         f"them ({scrub(str(error).strip().splitlines()[0], self.dsn)}): a table "
                                         f"dropped or altered by hand; restore the schema from a backup") from None
        except psycopg.Error as error:
            if self._connection is not None and self._connection.closed:
                self._connection = None
            raise StateUnusable("ST002", f"{doing}: the state in {self.location} cannot be used: "
                                         f"{scrub(str(error).strip(), self.dsn)}") from None

    def _lock_holders(self) -> str:
        """The other sessions holding locks on the state's tables, for a message (best effort)."""
        import psycopg

        try:
            connection = self._connection
            if connection is None or connection.closed:
                return "another session"
            rows = connection.execute(
                "SELECT DISTINCT a.pid, a.usename, a.application_name, coalesce(host(a.client_addr), 'local'), "
                "a.state, a.xact_start FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                "JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE l.granted AND n.nspname = %s AND l.pid <> pg_backend_pid() ORDER BY a.pid LIMIT 5",
                [self.schema]).fetchall()
        except psycopg.Error:
            return "another session"
        if not rows:
            return "another session (gone since)"
        return "; ".join(f"session {pid} of {user} ({application or 'no application name'}, from {host}, {state}"
                         f"{f', in a transaction since {since:%Y-%m-%d %H:%M:%S}' if since else ''})"
                         for pid, user, application, host, state, since in rows)

    def _table(self, name: str):
        from psycopg import sql

        return sql.Identifier(self.schema, name)

    def _sql(self, text: str, *tables: str):
        """The statement with the state's tables named, composed once per process and backend."""
        key = (text, *tables)
        composed = self._composed.get(key)
        if composed is None:
            from psycopg import sql

            composed = self._composed[key] = sql.SQL(text).format(*(self._table(table) for table in tables))
        return composed

    # -- read -----------------------------------------------------------------------------------
    def read(self) -> State:
        with self._said("reading the state"):
            return self._read()

    def _read(self) -> State:
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
        problem = shape_problem(document)  # a row edited by hand (a document that is not an object): as local state
        if problem:
            raise StateUnusable("ST001", f"the state in {self.location} cannot be read: {problem}; roll back with "
                                         "`acdplan state pull --serial N` and `acdplan state push` a good version")
        return State(document)

    # -- lock -----------------------------------------------------------------------------------
    def _lock_key(self) -> str:
        return f"acdplan:{self.schema}:{self.environment}"

    @contextmanager
    def lock(self, operation: str, timeout: float = 0.0):
        self.run_info.operation = operation
        info = self._acquire(operation, timeout)
        fencing.hold(self._fence, info.id)
        self._lock_id = info.id
        try:
            yield info
        finally:
            fencing.release(self._fence, info.id)
            self._lock_id = None
            key = self._lock_key()
            connection = self._connection
            import psycopg

            try:
                if connection is None or connection.closed:
                    raise psycopg.OperationalError("the session is gone")
                connection.execute(self._sql("DELETE FROM {} WHERE state = %s AND lock_id = %s", "lock_holders"),
                                   [self.environment, info.id])
                connection.execute("SELECT pg_advisory_unlock(hashtextextended(%s, 0))", [key])
            except psycopg.Error:
                pass  # the session is gone, and the lock with it

    def _acquire(self, operation: str, timeout: float) -> LockInfo:
        with self._said("taking the state lock"):
            connection = self.connection
            key = self._lock_key()
            deadline = time.monotonic() + timeout
            announced = False
            while not connection.execute("SELECT pg_try_advisory_lock(hashtextextended(%s, 0))",
                                         [key]).fetchone()[0]:
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
            return info

    def holder(self) -> LockInfo | None:
        """Who holds the lock now: the holder row, if its session is still alive."""
        row = self.connection.execute(self._sql(
            "SELECT h.lock_id, h.who, h.operation, h.since, h.pid FROM {} h "
            "JOIN pg_stat_activity a ON a.pid = h.session_pid WHERE h.state = %s", "lock_holders"),
            [self.environment]).fetchone()
        return LockInfo(*row) if row else None

    def force_unlock(self, lock_id: str) -> LockInfo | None:
        """End the session holding the lock `lock_id` (PostgreSQL then releases it), only when
        pg_locks shows that very session holding the state's advisory lock; a stale row (its
        session gone, or its pid now another session's) is removed and no session is ended."""
        with self._said("breaking the state lock"):
            row = self.connection.execute(self._sql(
                "SELECT lock_id, who, operation, since, pid, session_pid FROM {} WHERE state = %s", "lock_holders"),
                [self.environment]).fetchone()
            if row is None:
                raise LookupError("the state is not locked")
            info = LockInfo(*row[:5])
            if row[0] != lock_id:
                raise LookupError(f"lock id {lock_id!r} does not match the lock held: {info.describe()}")
            if self._session_holds_lock(row[5]):
                self.connection.execute("SELECT pg_terminate_backend(%s)", [row[5]])
                self.unlock_note = f"ended database session {row[5]}, which held the lock"
            else:
                self.unlock_note = (f"database session {row[5]} named by the lock does not hold it (a stale lock "
                                    f"row): removed the row, ended no session")
            self.connection.execute(self._sql("DELETE FROM {} WHERE state = %s AND lock_id = %s", "lock_holders"),
                                    [self.environment, lock_id])
            return info

    def _session_holds_lock(self, session_pid: int | None) -> bool:
        """Whether pg_locks shows session `session_pid` holding this state's advisory lock (a
        bigint key: classid its high 32 bits, objid its low 32 bits, objsubid 1)."""
        if session_pid is None:
            return False
        return bool(self.connection.execute(
            "WITH k AS (SELECT hashtextextended(%s, 0) AS key) SELECT EXISTS (SELECT 1 FROM pg_locks l, k "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.pid = %s AND l.objsubid = 1 "
            "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
            "AND l.classid::bigint = ((k.key >> 32) & 4294967295) AND l.objid::bigint = (k.key & 4294967295))",
            [self._lock_key(), session_pid]).fetchone()[0])

    # -- write ----------------------------------------------------------------------------------
    def record(self, state: State, operations: list[dict], plan_id: str | None = None) -> int:
        """One transaction, sent as one message (one round trip, the commit included): the fence,
        the serial's compare-and-swap, the version kept, the rows changed. A lost swap writes
        nothing. A `replace` (push, migration) is sent in one pipeline instead (executemany)."""
        return self._commit(state, [operations], plan_id)

    def record_steps(self, state: State, steps: list[list[dict]], plan_id: str | None = None) -> int:
        """Steps finished together (a parallel apply): one version each, all in one transaction,
        one message, one commit (group commit)."""
        if any(operation["op"] == "replace" for operations in steps for operation in operations):
            return super().record_steps(state, steps, plan_id)
        return self._commit(state, steps, plan_id) if steps else state.serial

    def _commit(self, state: State, steps: list[list[dict]], plan_id: str | None) -> int:
        by = self.run_info.by(plan_id)
        with self._said(f"recording version {state.serial + 1}"):
            connection = self.connection
        serial = state.serial + len(steps)
        lineage = state.lineage or str(uuid.uuid4())
        fence = fencing.held(self._fence)
        import psycopg

        statements: list[tuple[object, list]] = []
        if fence is not None:  # the lock row is still this run's, or the transaction fails (1/0)
            statements.append((self._sql("SELECT 1 / (SELECT count(*)::int FROM {} WHERE state = %s AND lock_id = %s)",
                                         "lock_holders"), [self.environment, fence]))
        if state.serial == 0:  # the first write creates the row; a rival creation fails the swap
            statements.append((self._sql("INSERT INTO {} (name, lineage, serial, format_version, environment) "
                                         "VALUES (%s, %s, 0, %s, %s) ON CONFLICT (name) DO NOTHING", "states"),
                               [self.environment, lineage, state.document.get("format_version", 1),
                                self.environment]))
        for number, operations in enumerate(steps):
            # The swap and the version in one statement: no row swapped -> a NULL serial -> refused.
            statements.append((self._sql(
                "WITH swapped AS (UPDATE {} SET serial = serial + 1 WHERE name = %s AND lineage = %s "
                "AND serial = %s RETURNING serial) INSERT INTO {} (state, serial, lineage, who, at, operation, "
                "plan_id, run_id, ops) VALUES (%s, (SELECT serial FROM swapped), %s, %s, %s, %s, %s, %s, %s)",
                "states", "versions"),
                [self.environment, lineage, state.serial + number, self.environment, lineage, by.get("who"),
                 by.get("at"), by.get("operation"), by.get("plan"), by.get("run"), _dumps(operations)]))
        try:
            if any(operation["op"] == "replace" for operations in steps for operation in operations):
                with connection.pipeline(), connection.transaction():  # whole tables: executemany
                    for statement, parameters in statements:
                        connection.execute(statement, parameters)
                    for operations in steps:
                        for batch in _batches(operations):
                            self._write_batch(batch)
            else:
                for operations in steps:
                    for batch in _batches(operations):
                        self._write_batch(batch, lambda statement, values: statements.append((statement, values)))
                self._send_as_one(connection, statements)
        except psycopg.errors.DivisionByZero:
            raise fencing.LockLost(self.location, str(fence), self._current_holder()) from None
        except (psycopg.errors.NotNullViolation, psycopg.errors.UniqueViolation):
            raise StateConflict(f"the state changed since it was read (serial {state.serial}): "
                                f"read it again") from None
        except (psycopg.errors.LockNotAvailable, psycopg.errors.QueryCanceled, psycopg.errors.UndefinedTable,
                psycopg.errors.UndefinedColumn):
            with self._said(f"recording version {serial}"):
                raise
        except psycopg.Error as error:
            raise StateUnusable("ST002", f"the state in {self.location} could not record version {serial} "
                                         f"({scrub(str(error).strip(), self.dsn)}); what the tenant did since is "
                                         f"shown by the next plan") from None
        state.document["lineage"] = lineage
        for operations in steps:
            apply_operations(state.document, operations)
        state.document["serial"] = serial
        return serial

    def check_lock(self) -> None:
        fence = fencing.held(self._fence)
        if fence is None:
            return
        with self._said("checking the state lock"):
            row = self.connection.execute(self._sql("SELECT lock_id FROM {} WHERE state = %s", "lock_holders"),
                                          [self.environment]).fetchone()
        if row is None or row[0] != fence:
            raise fencing.LockLost(self.location, fence, self._current_holder())

    def _current_holder(self) -> str | None:
        try:
            holder = self.holder()
        except Exception:  # only for the message
            return None
        return holder.describe() if holder else None

    @staticmethod
    def _send_as_one(connection, statements: list[tuple[object, list]]) -> None:
        """One step's statements as one query message, one round trip: PostgreSQL runs a message of
        several statements as one implicit transaction, committed (durably: synchronous_commit) before
        it answers, and rolled back whole at the first error, which is raised here."""
        import psycopg
        from psycopg import sql

        with psycopg.ClientCursor(connection) as cursor:
            cursor.execute(sql.SQL("; ").join(statement for statement, _ in statements),
                           [value for _, parameters in statements for value in parameters])

    def _write_batch(self, batch: list[dict], emit=None) -> None:
        """Pending intents come by the thousand in one record: one statement for a run of them."""
        emit = emit or self.connection.execute
        kind, path = batch[0]["op"], batch[0]["path"]
        if path[:1] != ["pending"]:
            self._write(batch[0], emit)
        elif kind == "set":
            emit(self._sql(
                "INSERT INTO {} (state, address, plan_id) SELECT %s, a, p FROM unnest(%s::text[], %s::text[]) AS t(a, p) "
                "ON CONFLICT (state, address) DO UPDATE SET plan_id = EXCLUDED.plan_id", "pending"),
                [self.environment, [op["path"][1] for op in batch], [op["value"] for op in batch]])
        else:
            emit(self._sql("DELETE FROM {} WHERE state = %s AND address = ANY(%s::text[])",
                                              "pending"), [self.environment, [op["path"][1] for op in batch]])

    def _write(self, operation: dict, emit=None) -> None:
        emit = emit or self.connection.execute
        kind, path = operation["op"], operation["path"]
        if kind == "replace":
            self._replace_rows(operation["value"])
        elif path[:1] == ["resources"] and len(path) == 2 and kind == "set":
            body = operation["value"]
            emit(self._sql(
                "INSERT INTO {} (state, address, tenant_id, document, applied_at) VALUES (%s, %s, %s, %s, %s) "
                "ON CONFLICT (state, address) DO UPDATE SET tenant_id = EXCLUDED.tenant_id, "
                "document = EXCLUDED.document, applied_at = EXCLUDED.applied_at", "resources"),
                [self.environment, path[1], body.get("id"), _dumps(body.get("document", {})), body.get("applied_at")])
        elif path[:1] == ["resources"] and len(path) == 2 and kind == "delete":
            emit(self._sql("DELETE FROM {} WHERE state = %s AND address = %s", "resources"),
                                    [self.environment, path[1]])
        elif path[:1] in ([section] for section in MANUAL_SECTIONS) and len(path) == 2 and kind == "set":
            emit(self._sql(
                "INSERT INTO {} (state, section, address, body) VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (state, section, address) DO UPDATE SET body = EXCLUDED.body", "manual_records"),
                [self.environment, path[0], path[1], _dumps(operation["value"])])
        elif path[:1] in ([section] for section in MANUAL_SECTIONS) and len(path) == 2 and kind == "delete":
            emit(self._sql("DELETE FROM {} WHERE state = %s AND section = %s AND address = %s",
                                              "manual_records"), [self.environment, path[0], path[1]])
        elif path[:1] == ["applied_plans"] and len(path) == 2 and kind == "set":
            emit(self._sql(
                "INSERT INTO {} (state, plan_id, applied_at) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                "applied_plans"), [self.environment, path[1], operation["value"]])
        elif path[:1] == ["applied_plans"] and len(path) == 2 and kind == "delete":
            emit(self._sql("DELETE FROM {} WHERE state = %s AND plan_id = %s", "applied_plans"),
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
            with self._said("pushing a state"), self.connection.transaction():  # keep the serial moving
                self.connection.execute(self._sql("UPDATE {} SET lineage = %s WHERE name = %s", "states"),
                                        [new["lineage"], self.environment])
            current.document["lineage"] = new["lineage"]
        new["serial"] = current.serial + 1
        return self.record(current, [{"op": "replace", "path": [], "value": new}])

    # -- history and migration ----------------------------------------------------------------
    def versions(self) -> list[dict]:
        with self._said("reading the state's history"):
            return self._versions()

    def _versions(self) -> list[dict]:
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
