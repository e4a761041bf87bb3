"""Both backends of the decision store as fixtures, for every test folder that needs a store
(registered in tests/conftest.py through `pytest_plugins`): a migrated SQLite file and a
database on a real PostgreSQL server that the session starts itself (tests/postgres_server.py).

Each test gets a fresh database copied from a migrated template (a file copy on SQLite,
CREATE DATABASE ... TEMPLATE on PostgreSQL), so tests are independent and fast. The server
starts only when a test asks for the PostgreSQL backend.
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Callable, Iterator

import pytest
import sqlalchemy as sa

from store.database import make_db
from store.migrate import upgrade
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


def _admin_execute(server: PostgresServer, statement: str) -> None:
    """Run one statement outside a transaction (CREATE/DROP DATABASE) on the server."""
    db = make_db(server.url(), poolclass=sa.pool.NullPool)
    with db.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text(statement))
    db.dispose()


@pytest.fixture(scope="session")
def admin_execute() -> Callable[[PostgresServer, str], None]:
    """`admin_execute(server, statement)`: one statement outside a transaction (CREATE/DROP
    DATABASE); takes the server so that asking for it does not start one."""
    return _admin_execute


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


@pytest.fixture(scope="session")
def pg_template(pg_server: PostgresServer) -> str:
    _admin_execute(pg_server, "CREATE DATABASE tna_template")
    upgrade(pg_server.url("tna_template"))
    return "tna_template"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("sqlite_template") / "tna.sqlite3"
    upgrade(f"sqlite:///{path}")
    return str(path)


def _fresh_url(request: pytest.FixtureRequest, backend: str, tmp_path) -> str:
    """The URL of a new, migrated, empty database on `backend`."""
    if backend == "sqlite":
        path = tmp_path / f"tna-{next(_numbers)}.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    server: PostgresServer = request.getfixturevalue("pg_server")
    template = request.getfixturevalue("pg_template")
    name = f"tna_test_{next(_numbers)}"
    _admin_execute(server, f"CREATE DATABASE {name} TEMPLATE {template}")
    return server.url(name)


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def db_url(request, backend: str, tmp_path) -> str:
    """A fresh, migrated, empty database on `backend` (each test its own)."""
    return _fresh_url(request, backend, tmp_path)
