"""The production setup on PostgreSQL (docs/decision-store.md): migrations run as the owner,
the service connects as a role that may only INSERT and SELECT on the audit log. The SQL is
read from the document and run as written, so the document stays true (issue 18, item 8)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from store import (
    Timeouts,
    audit_page,
    create_nomination,
    decide,
    live_state,
    make_db,
    require_current_schema,
    save_plan,
    upsert_enrollments,
)
from store.migrate import upgrade
from tests.postgres_server import PostgresServer

DOC = Path(__file__).resolve().parents[2] / "docs" / "decision-store.md"
DATABASE = "tna"  # the document's names
OWNER, SERVICE = "tna_owner", "tna_service"


def documented_sql() -> list[list[str]]:
    """The statements of each fenced SQL block of the roles section, in order."""
    section = DOC.read_text().split("## Roles on PostgreSQL")[1].split("\n## ")[0]
    blocks = re.findall(r"```sql\n(.*?)```", section, flags=re.S)
    return [_statements(block) for block in blocks]


def _statements(block: str) -> list[str]:
    code = "\n".join(line for line in block.splitlines() if not line.lstrip().startswith("--"))
    return [s.strip() for s in code.split(";") if s.strip()]


def url_as(server: PostgresServer, role: str, database: str = DATABASE) -> str:
    return f"postgresql+psycopg://{role}@127.0.0.1:{server.port}/{database}"


def run_as(url: str, statements: list[str]) -> None:
    db = make_db(url, poolclass=sa.pool.NullPool)
    with db.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for statement in statements:
            conn.execute(sa.text(statement))
    db.dispose()


@pytest.fixture
def service_db(pg_server: PostgresServer) -> Iterator[Engine]:
    """The document's steps on the test server: roles and database as superuser, migrations
    as the owner, the grants as the owner; then an engine of the service's role."""
    as_superuser, grants = documented_sql()
    run_as(pg_server.url(), as_superuser)
    upgrade(url_as(pg_server, OWNER))
    run_as(url_as(pg_server, OWNER), grants)
    db = make_db(url_as(pg_server, SERVICE), timeouts=Timeouts())
    yield db
    db.dispose()


REFUSED = {
    "UPDATE audit_log SET actor = 'mallory'": "permission denied",
    "DELETE FROM audit_log": "permission denied",
    "TRUNCATE audit_log": "permission denied",
    "DROP TRIGGER audit_log_no_change ON audit_log": "must be owner",
    "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change": "must be owner",
    "DROP TABLE audit_log": "must be owner",
    "UPDATE alembic_version SET version_num = '0001'": "permission denied",
    "CREATE TABLE scratch (i int)": "permission denied",
}


def test_the_service_role_works_but_cannot_touch_the_audit_log(
    service_db, approve, items, programs
):
    db = service_db
    require_current_schema(db)
    made = create_nomination(db, "P1", items("E1", "E2"), "ani", "v1", idempotency_key="k1")
    decided = decide(db, made["nomination_id"], approve("E1"), "budi", programs)
    assert [i["decision"] for i in decided["items"]] == ["approved", None]
    row = {"employee_id": "E3", "program_id": "P2", "enrolled_at": "2027-02-01",
           "status": "in_progress"}  # fmt: skip
    assert upsert_enrollments(db, [row], "lms")["created"] == 1
    save_plan(db, {"budget": 1.0}, {"status": "infeasible"}, "ani", "v1")
    assert live_state(db).taken_seats.to_dict() == {"P1": 1, "P2": 1}
    logged = audit_page(db, limit=50)["items"]
    assert len(logged) >= 4 and {e["actor"] for e in logged} >= {"ani", "budi", "lms"}

    for statement, refusal in REFUSED.items():
        with pytest.raises(sa.exc.ProgrammingError, match=refusal), db.begin() as conn:
            conn.execute(sa.text(statement))
    assert len(audit_page(db, limit=50)["items"]) == len(logged)  # nothing changed


def test_the_document_names_the_roles_and_the_migration_step():
    text = DOC.read_text()
    assert f"DATABASE_URL=postgresql+psycopg://{OWNER}:...@host/{DATABASE} make migrate" in text
    assert f"DATABASE_URL=postgresql+psycopg://{SERVICE}:...@host/{DATABASE} make serve" in text
    as_superuser, grants = documented_sql()
    assert any(s.startswith("CREATE DATABASE tna OWNER tna_owner") for s in as_superuser)
    assert "GRANT SELECT, INSERT ON audit_log TO tna_service" in grants
