"""Failure: a database that goes down, and a writer killed in the middle of a transaction."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from store import (
    StoreUnavailableError,
    audit_page,
    create_nomination,
    decide,
    get_nomination,
    list_nominations,
    live_state,
    upsert_enrollments,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("backend", ["postgresql"])
def test_database_down_raises_store_unavailable(db, pg_server, approve, items, programs):
    """The real server is stopped during the test: every function says the store is
    unavailable (the service answers 503); once it is back, the same engine works again."""
    nomination_id = create_nomination(db, "P1", items("E1"), "ani", "v1")["nomination_id"]
    pg_server.stop()
    try:
        calls = [
            lambda: get_nomination(db, nomination_id),
            lambda: list_nominations(db, "P1"),
            lambda: create_nomination(db, "P1", items("E2"), "ani", "v1"),
            lambda: decide(db, nomination_id, approve("E1"), "budi", programs),
            lambda: upsert_enrollments(
                db,
                [
                    {
                        "employee_id": "E1",
                        "program_id": "P1",
                        "enrolled_at": "2027-02-01",
                        "status": "in_progress",
                    }
                ],
                "lms",
            ),
            lambda: live_state(db),
            lambda: audit_page(db),
        ]
        for call in calls:
            with pytest.raises(StoreUnavailableError, match="unavailable"):
                call()
    finally:
        pg_server.start()
    assert get_nomination(db, nomination_id)["items"][0]["employee_id"] == "E1"


def test_killed_writer_leaves_nothing_half_written(db, db_url, approve, items, programs):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writer = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("killed_writer.py")), db_url],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    try:
        assert writer.stdout.readline().strip() == "in the middle"
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        writer.stdout.close()
    kept = list_nominations(db, "P1")
    assert len(kept) == 1 and kept[0]["items"][0]["employee_id"] == "E1"  # committed: kept
    # The killed writer's lock is gone: the next writer gets through at once.
    created = create_nomination(db, "P1", items("E2"), "ani", "v1")
    decide(db, created["nomination_id"], approve("E2"), "budi", programs)
    assert list_nominations(db, "P1")[0]["nomination_id"] == created["nomination_id"]
