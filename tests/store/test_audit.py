"""The audit log: newest first, a cursor stable under concurrent inserts, and append-only."""

from __future__ import annotations

import base64
import random
import threading
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa

from store import InvalidRowsError, audit_page, create_nomination
from store.audit import record
from store.tables import utc_now


def test_pages_newest_first_and_stable_under_inserts(db, items):
    for i in range(7):
        create_nomination(db, "P1", items(f"E{i}"), "ani", "v1")
    first = audit_page(db, limit=3)
    create_nomination(db, "P1", items("late"), "ani", "v1")  # arrives between two pages
    second = audit_page(db, limit=3, cursor=first["next_cursor"])
    third = audit_page(db, limit=3, cursor=second["next_cursor"])
    ids = [e["id"] for page in (first, second, third) for e in page["items"]]
    assert len(ids) == 7 and ids == sorted(ids, reverse=True)
    assert third["next_cursor"] is None
    assert audit_page(db, limit=1)["items"][0]["after"]["items"][0]["employee_id"] == "late"


def test_filters(db, items):
    create_nomination(db, "P1", items("E1"), "ani", "v1")
    create_nomination(db, "P1", items("E2"), "budi", "v1")
    assert [e["actor"] for e in audit_page(db, actor="budi")["items"]] == ["budi"]
    now = utc_now()
    assert len(audit_page(db, since=now - timedelta(minutes=5))["items"]) == 2
    assert audit_page(db, since=now + timedelta(minutes=5))["items"] == []
    assert audit_page(db, until=now - timedelta(minutes=5))["items"] == []


@pytest.mark.parametrize(
    ("kwargs", "column"), [({"cursor": "xyz"}, "cursor"), ({"limit": 0}, "limit")]
)
def test_bad_page_arguments(db, kwargs, column):
    with pytest.raises(InvalidRowsError) as caught:
        audit_page(db, **kwargs)
    assert caught.value.column == column


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_log SET actor = 'mallory'", "DELETE FROM audit_log"]
)
def test_audit_rows_cannot_be_changed(db, statement, items):
    create_nomination(db, "P1", items("E1"), "ani", "v1")
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), db.begin() as conn:
        conn.execute(sa.text(statement))
    assert audit_page(db)["items"][0]["actor"] == "ani"


@pytest.mark.parametrize("backend", ["postgresql"])  # SQLite has no TRUNCATE
def test_truncate_refused_on_postgres(db):
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), db.begin() as conn:
        conn.execute(sa.text("TRUNCATE audit_log"))


# --- late commits (PostgreSQL): a row never appears behind what a reader has already seen ---


def tail(db, seen: list[int], limit: int = 2) -> None:
    """Read the log as a client tailing it does: from the top, page by page, until a row it
    has seen (or the end); the new rows go in front of `seen`."""
    new: list[int] = []
    cursor = None
    while True:
        page = audit_page(db, limit=limit, cursor=cursor)
        for entry in page["items"]:
            if entry["id"] in seen:
                seen[:0] = new
                return
            new.append(entry["id"])
        cursor = page["next_cursor"]
        if cursor is None:
            seen[:0] = new
            return


def all_audit_ids(db) -> list[int]:
    with db.connect() as conn:
        return sorted(conn.execute(sa.text("SELECT id FROM audit_log")).scalars())


def an_entry(entity_id: str) -> dict:
    return {"action": "test", "entity": "test", "entity_id": entity_id}


@pytest.mark.parametrize("backend", ["postgresql"])  # SQLite's writers take turns
def test_a_late_commit_is_never_stepped_over(db, items):
    create_nomination(db, "P1", items("E0"), "ani", "v1")
    seen: list[int] = []
    with db.connect() as late, late.begin():
        record(late, [an_entry("late")], "ani")  # writes first (lower id), commits last
        create_nomination(db, "P1", items("E1"), "budi", "v1")
        tail(db, seen)
        create_nomination(db, "P1", items("E2"), "budi", "v1")
        tail(db, seen)
        paged = audit_page(db, limit=1)  # a cursor taken while `late` is in flight
    tail(db, seen)
    assert sorted(seen) == all_audit_ids(db) and len(seen) == len(set(seen)) == 4
    # while `late` was in flight, the rows of younger writers waited above the line
    assert [e["id"] for e in paged["items"]] == seen[-1:] and paged["next_cursor"] is None


@pytest.mark.parametrize("backend", ["postgresql"])
def test_writers_committing_in_any_order_while_a_reader_tails(db):
    """Writer threads hold their transactions open for random times after writing (so ids
    commit out of order) while a reader tails the log: every row is seen exactly once."""
    rounds, writers = 8, 4
    done = threading.Event()

    def write(seed: int) -> None:
        pause = random.Random(seed)
        for i in range(rounds):
            with db.connect() as conn, conn.begin():
                record(conn, [an_entry(f"{seed}-{i}")], "ani")
                time.sleep(pause.uniform(0, 0.03))

    seen: list[int] = []
    threads = [threading.Thread(target=write, args=(seed,)) for seed in range(writers)]
    for thread in threads:
        thread.start()
    reader = threading.Thread(target=lambda: [tail(db, seen) for _ in iter(done.is_set, True)])
    reader.start()
    for thread in threads:
        thread.join()
    done.set()
    reader.join()
    tail(db, seen)
    assert len(seen) == len(set(seen)) == rounds * writers
    assert sorted(seen) == all_audit_ids(db)


@pytest.mark.parametrize("backend", ["postgresql"])
def test_cursor_of_another_shape_is_refused(db):
    forged = base64.urlsafe_b64encode(f"audit:{2**64}:5".encode()).decode()
    with pytest.raises(InvalidRowsError):
        audit_page(db, cursor=forged)
