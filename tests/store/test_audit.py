"""The audit log: newest first, a cursor stable under concurrent inserts, and append-only."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from store import InvalidRowsError, audit_page, create_nomination
from store.tables import utc_now
from tests.store.conftest import items


def test_pages_newest_first_and_stable_under_inserts(engine):
    for i in range(7):
        create_nomination(engine, "P1", items(f"E{i}"), "ani", "v1")
    first = audit_page(engine, limit=3)
    create_nomination(engine, "P1", items("late"), "ani", "v1")  # arrives between two pages
    second = audit_page(engine, limit=3, cursor=first["next_cursor"])
    third = audit_page(engine, limit=3, cursor=second["next_cursor"])
    ids = [e["id"] for page in (first, second, third) for e in page["items"]]
    assert len(ids) == 7 and ids == sorted(ids, reverse=True)
    assert third["next_cursor"] is None
    assert audit_page(engine, limit=1)["items"][0]["after"]["items"][0]["employee_id"] == "late"


def test_filters(engine):
    create_nomination(engine, "P1", items("E1"), "ani", "v1")
    create_nomination(engine, "P1", items("E2"), "budi", "v1")
    assert [e["actor"] for e in audit_page(engine, actor="budi")["items"]] == ["budi"]
    now = utc_now()
    assert len(audit_page(engine, since=now - timedelta(minutes=5))["items"]) == 2
    assert audit_page(engine, since=now + timedelta(minutes=5))["items"] == []
    assert audit_page(engine, until=now - timedelta(minutes=5))["items"] == []


@pytest.mark.parametrize(
    ("kwargs", "column"), [({"cursor": "xyz"}, "cursor"), ({"limit": 0}, "limit")]
)
def test_bad_page_arguments(engine, kwargs, column):
    with pytest.raises(InvalidRowsError) as caught:
        audit_page(engine, **kwargs)
    assert caught.value.column == column


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_log SET actor = 'mallory'", "DELETE FROM audit_log"]
)
def test_audit_rows_cannot_be_changed(engine, statement):
    create_nomination(engine, "P1", items("E1"), "ani", "v1")
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(sa.text(statement))
    assert audit_page(engine)["items"][0]["actor"] == "ani"


@pytest.mark.parametrize("backend", ["postgresql"])  # SQLite has no TRUNCATE
def test_truncate_refused_on_postgres(engine):
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(sa.text("TRUNCATE audit_log"))
