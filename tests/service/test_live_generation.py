"""The live-state cache's generation check (`service.decision_store.store_generation`) answers
what `store.live_generation` answers, on both backends."""

from __future__ import annotations

import pytest

import store
from service.decision_store import store_generation
from store import upsert_enrollments
from store.errors import StoreUnavailableError
from store.migrate import upgrade

ROW = {
    "employee_id": "E1",
    "program_id": "P1",
    "enrolled_at": "2026-12-01",
    "status": "in_progress",
}


def test_same_generation_as_the_store(db_url):
    upgrade(db_url)
    db = store.make_db(db_url)
    try:
        assert store_generation(db) == store.live_generation(db) == 0
        upsert_enrollments(db, [ROW], "test")
        moved = store_generation(db)
        assert moved == store.live_generation(db) > 0
        upsert_enrollments(db, [{**ROW, "status": "dropped"}], "test")
        assert store_generation(db) == store.live_generation(db) > moved
    finally:
        db.dispose()


def test_reads_of_personal_data_leave_the_generation_alone(db_url):
    """Opening an employee page is an audit entry; it must not make every worker re-read the
    live state (only changes of it do)."""
    upgrade(db_url)
    db = store.make_db(db_url)
    try:
        upsert_enrollments(db, [ROW], "test")
        before = store_generation(db)
        for action in store.READ_ACTIONS:
            entry = {"action": action, "entity": "employee", "entity_id": "E1"}
            store.record_event(db, entry, "planner-a")
        assert store_generation(db) == store.live_generation(db) == before
        upsert_enrollments(db, [{**ROW, "status": "completed"}], "test")
        assert store_generation(db) == store.live_generation(db) > before
    finally:
        db.dispose()


def test_an_unreachable_store_is_unavailable(tmp_path):
    db = store.make_db(f"sqlite:///{tmp_path / 'missing' / 'no.sqlite3'}")
    (tmp_path / "missing").rmdir()  # make_db created the folder: the file cannot be opened
    with pytest.raises(StoreUnavailableError):
        store_generation(db)
