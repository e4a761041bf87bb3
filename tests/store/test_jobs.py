"""Jobs in the store: created queued, moved by compare-and-set, cancelled once, interrupted."""

from __future__ import annotations

import pytest

from store import ConflictError, RecordNotFoundError
from store.jobs import (
    INTERRUPTED,
    cancel_job,
    create_job,
    fail_interrupted,
    fail_job,
    finish_job,
    get_job,
    list_jobs,
    report_progress,
    start_job,
)


def test_a_job_runs_from_queued_to_succeeded(db):
    job = create_job(db, "plan", "ani", {"budget": 1e6})
    assert job["status"] == "queued" and job["progress"] == 0 and job["params"] == {"budget": 1e6}
    assert start_job(db, job["job_id"])
    assert not start_job(db, job["job_id"]), "a job starts once"
    assert report_progress(db, job["job_id"], "solving", 0.5)
    running = get_job(db, job["job_id"])
    assert (running["status"], running["stage"], running["progress"]) == ("running", "solving", 0.5)
    assert running["started_at"] is not None and running["started_at"].tzinfo is not None
    assert finish_job(db, job["job_id"], {"plan_id": "p1"})
    done = get_job(db, job["job_id"])
    assert done["status"] == "succeeded" and done["result"] == {"plan_id": "p1"}
    assert done["progress"] == 1.0 and done["finished_at"] >= done["started_at"]
    with pytest.raises(RecordNotFoundError):
        get_job(db, "nope")


def test_a_cancelled_job_stays_cancelled_whatever_the_worker_does(db):
    queued = create_job(db, "plan", "ani", {})
    assert cancel_job(db, queued["job_id"])["status"] == "cancelled"
    assert not start_job(db, queued["job_id"])
    running = create_job(db, "plan", "ani", {})
    start_job(db, running["job_id"])
    cancel_job(db, running["job_id"])
    assert not report_progress(db, running["job_id"], "writing", 0.9)
    assert not finish_job(db, running["job_id"], {"plan_id": "late"})
    assert not fail_job(db, running["job_id"], "internal_error", "x")
    found = get_job(db, running["job_id"])
    assert found["status"] == "cancelled" and found["result"] is None
    again = cancel_job(db, running["job_id"])
    assert again["status"] == "cancelled", "cancelling again is fine"


def test_a_finished_job_cannot_be_cancelled(db):
    job = create_job(db, "plan", "ani", {})
    start_job(db, job["job_id"])
    finish_job(db, job["job_id"], {})
    with pytest.raises(ConflictError, match="already succeeded"):
        cancel_job(db, job["job_id"])


def test_a_worker_starting_fails_the_jobs_left_running(db):
    left = create_job(db, "plan", "ani", {})
    queued = create_job(db, "plan", "budi", {})
    start_job(db, left["job_id"])
    assert fail_interrupted(db) == [left["job_id"]]
    failed = get_job(db, left["job_id"])
    assert failed["status"] == "failed" and failed["error_code"] == INTERRUPTED
    assert get_job(db, queued["job_id"])["status"] == "queued"


def test_list_jobs_newest_first_per_owner(db):
    first = create_job(db, "plan", "ani", {})
    second = create_job(db, "import", "admin", {})
    assert [j["job_id"] for j in list_jobs(db)] == [second["job_id"], first["job_id"]]
    assert [j["job_id"] for j in list_jobs(db, owner="ani")] == [first["job_id"]]
    assert "params" not in list_jobs(db)[0]
