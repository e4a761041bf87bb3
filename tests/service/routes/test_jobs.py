"""Jobs over HTTP: seen and cancelled by their owner or an admin, stages of a plan job,
cancellation before and while running, every route's refusals."""

from __future__ import annotations

import time

import pytest

import store
from service.jobs.plan_job import run_plan
from service.jobs.runner import JobCancelledError, Progress
from service.jobs.worker import worker
from store import jobs as store_jobs

JOB_FIELDS = {"job_id", "kind", "status", "progress", "stage", "created_at", "started_at",
              "finished_at", "result"}  # fmt: skip


@pytest.fixture(scope="module")
def period(engine) -> tuple[str, str]:
    starts = engine.programs["start_date"].iloc[engine.upcoming]
    return str(starts.min().date()), str(starts.max().date())


def body(period) -> dict:
    return {"period_start": period[0], "period_end": period[1], "budget": 50e6}


@pytest.fixture
def queue_only(app, tmp_path):
    """The app's queue on a file of the test's own, and no worker: jobs wait there."""
    app.config["JOBS_QUEUE_FILE"] = str(tmp_path / "jobs-queue.sqlite3")
    yield app.config["JOBS_QUEUE_FILE"]
    app.config["JOBS_QUEUE_FILE"] = ""


def test_a_plan_job_reports_its_stages_and_its_plan(
    client, period, jobs_worker, auth, finished_job
):
    response = client.post("/v1/plans", json=body(period), headers=auth("ani"))
    job = finished_job(client, response, "ani")
    assert set(job) >= JOB_FIELDS and "error" not in job
    assert job["status"] == "succeeded" and job["stage"] == "writing" and job["progress"] == 1
    assert job["created_at"] <= job["started_at"] <= job["finished_at"]
    plan = client.get(f"/v1/plans/{job['result']['plan_id']}", headers=auth()).get_json()
    # the saved plan also says where it stands in the approval chain (issue 24), which moves
    assert plan.pop("state") == "draft" and plan.pop("state_history")
    assert plan == job["result"]


def test_only_the_owner_and_admins_see_a_job(client, period, queue_only, auth):
    made = client.post("/v1/plans", json=body(period), headers=auth("ani")).get_json()
    where = f"/v1/jobs/{made['job_id']}"
    assert client.get(where, headers=auth("ani")).get_json()["status"] == "queued"
    assert client.get(where, headers=auth("admin")).status_code == 200
    hidden = client.get(where, headers=auth("budi"))
    assert hidden.status_code == 404 and hidden.get_json()["error"]["code"] == "not_found"
    assert client.delete(where, headers=auth("budi")).status_code == 404
    assert client.get(where).status_code == 401
    assert client.get(where, headers=auth("system")).status_code == 403
    assert client.get("/v1/jobs/no-such-job", headers=auth("ani")).status_code == 404
    assert client.get(f"{where}?x=1", headers=auth("ani")).status_code == 422
    mine = client.get("/v1/jobs", headers=auth("ani")).get_json()["items"]
    assert made["job_id"] in [j["job_id"] for j in mine]
    theirs = client.get("/v1/jobs", headers=auth("budi")).get_json()["items"]
    assert made["job_id"] not in [j["job_id"] for j in theirs]


def test_a_cancelled_queued_job_never_runs(client, app, period, queue_only, auth):
    made = client.post("/v1/plans", json=body(period), headers=auth("ani")).get_json()
    where = f"/v1/jobs/{made['job_id']}"
    cancelled = client.delete(where, headers=auth("ani"))
    assert cancelled.status_code == 200 and cancelled.get_json()["status"] == "cancelled"
    assert client.delete(where, headers=auth("admin")).get_json()["status"] == "cancelled"
    plans_before = len(store.list_plans(app.extensions["tna_store"], 1000))
    consumer = worker(app, embedded=True)
    consumer.start()
    try:
        time.sleep(1.5)  # the worker takes the message and skips it
    finally:
        consumer.stop(graceful=True)
    job = client.get(where, headers=auth("ani")).get_json()
    assert job["status"] == "cancelled" and job["started_at"] is None and job["result"] is None
    assert len(store.list_plans(app.extensions["tna_store"], 1000)) == plans_before


def test_a_finished_job_cannot_be_cancelled(client, period, jobs_worker, auth, finished_job):
    job = finished_job(client, client.post("/v1/plans", json=body(period), headers=auth()))
    refused = client.delete(f"/v1/jobs/{job['job_id']}", headers=auth())
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "conflict"


def test_a_running_plan_cancelled_stops_at_the_next_stage_and_writes_nothing(
    client, app, period, queue_only, auth
):
    """Cancelled while it predicts: it stops when it reaches `solving`, and no plan is saved."""
    made = client.post("/v1/plans", json=body(period), headers=auth("ani")).get_json()
    db = app.extensions["tna_store"]
    assert store_jobs.start_job(db, made["job_id"])
    seen = []

    class CancelWhilePredicting(Progress):
        def __call__(self, stage: str, fraction: float) -> None:
            seen.append(stage)
            super().__call__(stage, fraction)
            if stage == "predicting":  # the owner cancels while the pairs are predicted
                store_jobs.cancel_job(self.db, self.job_id)

    plans_before = len(store.list_plans(db, 1000))
    job = store_jobs.get_job(db, made["job_id"])
    with pytest.raises(JobCancelledError):
        run_plan(app, job, CancelWhilePredicting(db, made["job_id"]))
    assert seen == ["loading", "predicting", "solving"]
    assert len(store.list_plans(db, 1000)) == plans_before
    found = client.get(f"/v1/jobs/{made['job_id']}", headers=auth("ani")).get_json()
    assert found["status"] == "cancelled" and found["stage"] == "predicting"


def test_an_unknown_budget_unit_is_refused_before_any_job(client, period, queue_only, auth):
    sent = {**body(period), "unit_budgets": {"NO-SUCH-UNIT": 1.0}}
    refused = client.post("/v1/plans", json=sent, headers=auth())
    assert refused.status_code == 422 and "NO-SUCH-UNIT" in refused.get_json()["error"]["message"]
