"""Both backends for every store test: a migrated SQLite file and a database on a real
PostgreSQL server that the session starts itself (tests/postgres_server.py).

Each test gets a fresh database copied from a migrated template (a file copy on SQLite,
CREATE DATABASE ... TEMPLATE on PostgreSQL), so tests are independent and fast.
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from store.database import make_engine
from store.migrate import upgrade
from store.rules import ProgramFacts
from tests.postgres_server import (
    OPT_OUT_VARIABLE,
    SKIP_REASON,
    PostgresServer,
    missing_postgres,
    postgres_bin_dir,
    postgres_opted_out,
)

BACKENDS = ["sqlite", "postgresql"]
_numbers = itertools.count()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server for the session. Without one installed the tests that need it fail,
    naming `.ci/run`, unless TNA_TESTS_WITHOUT_POSTGRES=1 skips them (the summary says so)."""
    if postgres_opted_out():
        pytest.skip(f"{SKIP_REASON}: {OPT_OUT_VARIABLE} is set")
    why = missing_postgres()
    if why is not None:
        pytest.fail(why)
    server = PostgresServer(postgres_bin_dir())
    server.start()
    yield server
    server.remove()


def admin_execute(server: PostgresServer, statement: str) -> None:
    """Run one statement outside a transaction (CREATE/DROP DATABASE) on the server."""
    engine = make_engine(server.url(), poolclass=sa.pool.NullPool)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text(statement))
    engine.dispose()


@pytest.fixture(scope="session")
def pg_template(pg_server: PostgresServer) -> str:
    admin_execute(pg_server, "CREATE DATABASE tna_template")
    upgrade(pg_server.url("tna_template"))
    return "tna_template"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("sqlite_template") / "tna.sqlite3"
    upgrade(f"sqlite:///{path}")
    return str(path)


def fresh_url(request: pytest.FixtureRequest, backend: str, tmp_path) -> str:
    """The URL of a new, migrated, empty database on `backend`."""
    if backend == "sqlite":
        path = tmp_path / f"tna-{next(_numbers)}.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    server: PostgresServer = request.getfixturevalue("pg_server")
    template = request.getfixturevalue("pg_template")
    name = f"tna_test_{next(_numbers)}"
    admin_execute(server, f"CREATE DATABASE {name} TEMPLATE {template}")
    return server.url(name)


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def db_url(request, backend: str, tmp_path) -> str:
    return fresh_url(request, backend, tmp_path)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


# --- a small catalogue ------------------------------------------------------------------
# P1 and P1B are two sessions of one course; P2 overlaps P1 (same week); P3 is later.
PROGRAMS = {
    "P1": ProgramFacts(
        capacity=3, cost=1_000_000, start_date=date(2027, 3, 1), duration_jp=24, course="kehumasan"
    ),
    "P1B": ProgramFacts(
        capacity=3, cost=1_000_000, start_date=date(2027, 6, 7), duration_jp=24, course="kehumasan"
    ),
    "P2": ProgramFacts(
        capacity=3, cost=2_000_000, start_date=date(2027, 3, 3), duration_jp=8, course="sipd"
    ),
    "P3": ProgramFacts(
        capacity=1, cost=500_000, start_date=date(2027, 4, 5), duration_jp=16, course="data"
    ),
}


def item(employee_id: str, rank: int = 1, **extra) -> dict:
    """A nomination item as the service would pass it (what the planner was shown)."""
    return {
        "employee_id": employee_id,
        "rank": rank,
        "unit_id": "U1",
        "score": 0.5,
        "completion_probability": 0.8,
        "expected_gain": 1.25,
        "reasons": ["kesenjangan kompetensi"],
        **extra,
    }


def items(*employee_ids: str) -> list[dict]:
    return [item(e, rank=i + 1) for i, e in enumerate(employee_ids)]


def approve(*employee_ids: str) -> list[dict]:
    return [{"employee_id": e, "decision": "approved"} for e in employee_ids]
