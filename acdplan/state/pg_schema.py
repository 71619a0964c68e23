"""The PostgreSQL state schema, created and migrated on first use.

Each migration runs once, in order, in one transaction under a transaction-level advisory lock,
so two runners starting together on an empty database never race; `schema_version` records
which have run. A new migration is appended to MIGRATIONS, never edited in place.
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: the state, one row per managed object, applied plans, every version, the lock's holder
    """
    CREATE TABLE {schema}.states (
        name text PRIMARY KEY,
        lineage text NOT NULL,
        serial bigint NOT NULL,
        format_version integer NOT NULL DEFAULT 1,
        environment text NOT NULL
    );
    CREATE TABLE {schema}.resources (
        state text NOT NULL REFERENCES {schema}.states (name) ON DELETE CASCADE,
        address text NOT NULL,
        tenant_id text,
        document jsonb NOT NULL,
        applied_at text,
        PRIMARY KEY (state, address)
    );
    CREATE TABLE {schema}.applied_plans (
        state text NOT NULL REFERENCES {schema}.states (name) ON DELETE CASCADE,
        plan_id text NOT NULL,
        applied_at text,
        PRIMARY KEY (state, plan_id)
    );
    CREATE TABLE {schema}.versions (
        state text NOT NULL,
        serial bigint NOT NULL,
        lineage text NOT NULL,
        who text,
        at text,
        operation text,
        plan_id text,
        run_id text,
        ops jsonb NOT NULL,
        PRIMARY KEY (state, serial)
    );
    CREATE TABLE {schema}.lock_holders (
        state text PRIMARY KEY,
        lock_id text NOT NULL,
        who text,
        operation text,
        since text,
        pid integer,
        session_pid integer
    );
    """,
    # 2: creates an apply set out to make and has not recorded yet (State.pending), one row each
    """
    CREATE TABLE {schema}.pending (
        state text NOT NULL REFERENCES {schema}.states (name) ON DELETE CASCADE,
        address text NOT NULL,
        plan_id text,
        PRIMARY KEY (state, address)
    );
    """,
    # 3: manual steps a person was asked for (State.manual_steps) and their confirmations
    # (State.confirmed), one row per section and address
    """
    CREATE TABLE {schema}.manual_records (
        state text NOT NULL REFERENCES {schema}.states (name) ON DELETE CASCADE,
        section text NOT NULL,
        address text NOT NULL,
        body jsonb NOT NULL,
        PRIMARY KEY (state, section, address)
    );
    """,
]


class NewerSchema(Exception):
    """The schema was migrated by a newer acdplan: its tables may hold what this one cannot read."""

    def __init__(self, version: int, known: int):
        super().__init__(f"schema_version {version} > {known}")
        self.version, self.known = version, known


def ensure_schema(connection, schema: str) -> None:
    """Create or migrate the schema to the last version (a no-op read once it is there); a
    schema of a newer acdplan is refused (NewerSchema), never used as if it were this one's."""
    from psycopg import sql

    ident = sql.Identifier(schema)
    version = _version(connection, schema)
    if version > len(MIGRATIONS):
        raise NewerSchema(version, len(MIGRATIONS))
    if version == len(MIGRATIONS):
        return
    with connection.transaction():
        connection.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [f"acdplan-schema:{schema}"])
        connection.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(ident))
        connection.execute(sql.SQL("CREATE TABLE IF NOT EXISTS {}.schema_version (version integer NOT NULL)")
                           .format(ident))
        current = _version(connection, schema)
        for number, migration in enumerate(MIGRATIONS[current:], current + 1):
            connection.execute(sql.SQL(migration.replace("{schema}", "{0}")).format(ident))
            connection.execute(sql.SQL("INSERT INTO {}.schema_version (version) VALUES (%s)").format(ident), [number])


def _version(connection, schema: str) -> int:
    table = connection.execute("SELECT to_regclass(%s)", [f'"{schema}".schema_version']).fetchone()[0]
    if table is None:
        return 0
    from psycopg import sql

    row = connection.execute(sql.SQL("SELECT coalesce(max(version), 0) FROM {}.schema_version")
                             .format(sql.Identifier(schema))).fetchone()
    return int(row[0])
