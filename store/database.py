"""The database: `db`, a SQLAlchemy engine from `DATABASE_URL`; transactions that lock; the
schema check.

SQLite (the embedded default) runs in WAL mode with foreign keys on and a busy timeout; its
write transactions start with BEGIN IMMEDIATE, so the write lock is taken before anything is
read and a check can never be overtaken by another writer. On PostgreSQL, writers lock the rows
they check (SELECT ... FOR UPDATE). Any failure to reach the database becomes StoreUnavailableError;
a lock wait or statement that outlasts its timeout becomes StoreBusyError (one of them).

The service's PostgreSQL connections carry `lock_timeout` and `statement_timeout` (`Timeouts`),
so a request never waits on a lock or a runaway statement for longer than that: it answers 503
with `Retry-After` and the worker moves on. Migrations and offline tools connect without them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, exc
from sqlalchemy.engine import Connection, Engine

from store.errors import SchemaBehindError, StoreBusyError, StoreUnavailableError

DEFAULT_URL = "sqlite:///var/tna.sqlite3"
SQLITE_BUSY_TIMEOUT_MS = 15_000
# PostgreSQL's SQLSTATEs for a lock wait or a statement cut short by its timeout
_TIMED_OUT = {"55P03": "a lock wait timed out", "57014": "a statement timed out"}
MIGRATE_COMMAND = "make migrate"
_WRITE = "tna_write"  # execution option: this transaction writes (SQLite: BEGIN IMMEDIATE)


def database_url() -> str:
    """`DATABASE_URL` from the environment, else the embedded SQLite file."""
    return os.environ.get("DATABASE_URL") or DEFAULT_URL


@dataclass(frozen=True)
class Timeouts:
    """How long one PostgreSQL statement may wait for a lock, and may run at all (ms; 0: no
    limit). The service's defaults keep both well under gunicorn's 60 s worker timeout."""

    lock_ms: int = 5_000
    statement_ms: int = 30_000

    def options(self) -> str:
        """libpq's `options`: set once when the connection opens, kept by the pool."""
        return f"-c lock_timeout={int(self.lock_ms)} -c statement_timeout={int(self.statement_ms)}"


def make_db(url: str | None = None, timeouts: Timeouts | None = None, **kwargs: Any) -> Engine:
    """`db`, a SQLAlchemy engine for `url` (default: `database_url()`); a SQLite file gets its
    folder created. `timeouts` apply to PostgreSQL connections (SQLite waits up to its busy
    timeout)."""
    url_obj = sa.make_url(url or database_url())
    if url_obj.get_backend_name() == "sqlite":
        return _sqlite_db(url_obj, **kwargs)
    if timeouts is not None:
        connect_args = dict(kwargs.pop("connect_args", {}))
        given = connect_args.get("options") or url_obj.query.get("options") or ""
        connect_args["options"] = f"{given} {timeouts.options()}".strip()
        kwargs["connect_args"] = connect_args
    return sa.create_engine(url_obj, pool_pre_ping=True, **kwargs)


def _sqlite_db(url: sa.URL, **kwargs: Any) -> Engine:
    if url.database and url.database != ":memory:" and not url.database.startswith("file:"):
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    db = sa.create_engine(url, **kwargs)

    @event.listens_for(db, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, emit BEGIN (the driver would defer it, unlocked).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")  # durable in WAL mode but for a power cut
        cursor.close()

    @event.listens_for(db, "begin")
    def _on_begin(conn: Connection) -> None:
        write = conn.get_execution_options().get(_WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return db


def is_postgres(conn: Connection | Engine) -> bool:
    return conn.dialect.name == "postgresql"


@contextmanager
def unavailable_on_failure() -> Iterator[None]:
    """Turn "cannot reach or lock the database" errors into StoreUnavailableError."""
    try:
        yield
    except (exc.OperationalError, exc.InterfaceError) as error:
        busy = _timed_out(error)
        if busy is not None:
            raise StoreBusyError(f"the decision store is busy: {busy}") from error
        raise StoreUnavailableError(
            f"the decision store is unavailable: {_first_line(error)}"
        ) from error
    except exc.DBAPIError as error:
        if error.connection_invalidated:
            raise StoreUnavailableError("the decision store connection was lost") from error
        raise


@contextmanager
def write_transaction(db: Engine) -> Iterator[Connection]:
    """A transaction that writes: committed at the end, rolled back on any error.

    SQLite takes its write lock up front (BEGIN IMMEDIATE); PostgreSQL callers lock the rows
    they check with `FOR UPDATE`.
    """
    with unavailable_on_failure(), db.connect() as conn:
        conn = conn.execution_options(**{_WRITE: True})
        with conn.begin():
            yield conn


@contextmanager
def read_transaction(db: Engine) -> Iterator[Connection]:
    """A read-only transaction (one consistent snapshot on PostgreSQL's REPEATABLE READ)."""
    with unavailable_on_failure(), db.connect() as conn:
        if is_postgres(conn):
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            yield conn


@dataclass(frozen=True)
class SchemaStatus:
    """Where the database's schema is (`current`, None when empty) and where the code is."""

    current: str | None
    head: str

    @property
    def is_current(self) -> bool:
        return self.current == self.head

    def message(self) -> str:
        at = f"revision {self.current}" if self.current else "no schema"
        return (
            f"the database has {at}, the code needs revision {self.head}: "
            f"run `{MIGRATE_COMMAND}` to upgrade it"
        )


def schema_status(db: Engine) -> SchemaStatus:
    """The database's Alembic revision against the head of `store/migrations`."""
    from alembic.runtime.migration import MigrationContext

    from store.migrate import head_revision

    with unavailable_on_failure(), db.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    return SchemaStatus(current=current, head=head_revision())


def require_current_schema(db: Engine) -> None:
    """Raise SchemaBehindError (naming `make migrate`) unless the schema is at the head."""
    status = schema_status(db)
    if not status.is_current:
        raise SchemaBehindError(status.message())


def _timed_out(error: exc.DBAPIError) -> str | None:
    """What timed out, when `error` is a lock wait or statement cut short (PostgreSQL's
    timeouts, SQLite's busy timeout); None for any other failure."""
    sqlstate = getattr(error.orig, "sqlstate", None)
    if sqlstate in _TIMED_OUT:
        return _TIMED_OUT[sqlstate]
    if "database is locked" in str(error.orig):  # SQLite, after SQLITE_BUSY_TIMEOUT_MS
        return _TIMED_OUT["55P03"]
    return None


def _first_line(error: Exception) -> str:
    text = str(getattr(error, "orig", None) or error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def insert_or_ignore(conn: Connection, table: sa.Table, values: dict) -> None:
    """INSERT that does nothing when the row's key exists already (both backends)."""
    if is_postgres(conn):
        from sqlalchemy.dialects.postgresql import insert as postgres_insert

        conn.execute(postgres_insert(table).values(values).on_conflict_do_nothing())
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        conn.execute(sqlite_insert(table).values(values).on_conflict_do_nothing())
