"""The database: the embedded default, SQLite's settings, migrations and the schema check."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from store import SchemaBehindError, make_db, require_current_schema, schema_status
from store.migrate import alembic_config, head_revision, main, upgrade

ROOT = Path(__file__).resolve().parents[2]
TABLES = {
    "audit_log",
    "enrollments",
    "idempotency_keys",
    "nomination_items",
    "nominations",
    "plans",
    "program_seats",
}
_empty = itertools.count()


@pytest.fixture
def empty_url(request, backend, tmp_path, admin_execute) -> str:
    """A database with no schema at all."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    server = request.getfixturevalue("pg_server")
    name = f"tna_empty_{next(_empty)}"
    admin_execute(server, f"CREATE DATABASE {name}")
    return server.url(name)


def test_default_is_an_embedded_sqlite_file(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    db = make_db()
    with db.connect() as conn:
        settings = [
            conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "foreign_keys", "busy_timeout")
        ]
    db.dispose()
    assert (tmp_path / "var" / "tna.sqlite3").is_file()
    assert settings[0] == "wal" and settings[1] == 1 and settings[2] >= 1000


def test_database_url_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'here' / 'db.sqlite3'}")
    make_db().dispose()
    assert (tmp_path / "here").is_dir()


def test_migrations_bring_an_empty_database_to_head(empty_url):
    db = make_db(empty_url)
    status = schema_status(db)
    assert status.current is None and not status.is_current
    with pytest.raises(SchemaBehindError, match="run `make migrate`"):
        require_current_schema(db)
    upgrade(empty_url)
    assert schema_status(db).current == head_revision()
    require_current_schema(db)
    assert set(sa.inspect(db).get_table_names()) >= TABLES
    db.dispose()


def test_downgrade_and_upgrade_again(empty_url):
    upgrade(empty_url)
    command.downgrade(alembic_config(empty_url), "base")
    db = make_db(empty_url)
    assert not TABLES & set(sa.inspect(db).get_table_names())
    assert not schema_status(db).is_current
    upgrade(empty_url)
    assert schema_status(db).is_current
    db.dispose()


def test_migrate_entry_points(monkeypatch, tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    assert main([]) == 0
    assert f"at revision {head_revision()}" in capsys.readouterr().out
    other = f"sqlite:///{tmp_path / 'alembic.sqlite3'}"
    done = subprocess.run(
        [sys.executable, "-m", "alembic", "-c", "store/alembic.ini", "upgrade", "head"],
        cwd=ROOT,
        env={"DATABASE_URL": other, "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    db = make_db(other)
    assert schema_status(db).is_current
    db.dispose()
