"""Jobs survive a restart: a real worker process (`python -m service.jobs`) and new apps on
the same decision store and queue file, stopped and started again."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from service import create_app
from store import jobs as store_jobs
from store.jobs import INTERRUPTED

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def setup(trained, tmp_path, sqlite_template, token_config) -> dict:
    """The configuration a service and its worker share: the bundle, a fresh store, a queue."""
    database = tmp_path / "tna.sqlite3"
    shutil.copyfile(sqlite_template, database)
    return {
        "ARTIFACTS_DIR": str(trained.path.parent),
        "DATABASE_URL": f"sqlite:///{database}",
        "JOBS_QUEUE_FILE": str(tmp_path / "jobs-queue.sqlite3"),
        "TNA_API_TOKENS": token_config,
        "RELOAD_INTERVAL": "0",
    }


def service_app(setup: dict) -> Flask:
    config = {k: v for k, v in setup.items() if not k.startswith("_")}
    app = create_app({**config, "RELOAD_INTERVAL": 0})
    app.config["TESTING"] = False
    return app


@pytest.fixture
def workers(setup, tmp_path) -> Iterator[list[subprocess.Popen]]:
    started: list[subprocess.Popen] = []
    with (tmp_path / "worker.log").open("ab") as log:  # what the workers said, if one fails
        setup["_log"] = log
        yield started
        for process in started:
            if process.poll() is None:
                process.kill()
                process.wait()


def start_worker(setup: dict, started: list[subprocess.Popen]) -> subprocess.Popen:
    env = {**os.environ, **{k: v for k, v in setup.items() if not k.startswith("_")}}
    process = subprocess.Popen([sys.executable, "-m", "service.jobs"], cwd=ROOT, env=env,
                               stdout=setup["_log"], stderr=setup["_log"])  # fmt: skip
    started.append(process)
    return process


def period_body(app: Flask) -> dict:
    engine = app.extensions["tna_holder"].engine
    starts = engine.programs["start_date"].iloc[engine.upcoming]
    return {"period_start": str(starts.min().date()), "period_end": str(starts.max().date()),
            "budget": 50e6}  # fmt: skip


def test_a_queued_plan_runs_after_the_service_and_the_worker_restart(
    setup, workers, auth, finished_job
):
    first = service_app(setup)
    sent = period_body(first)
    response = first.test_client().post("/v1/plans", json=sent, headers=auth("ani"))
    assert response.status_code == 202
    where = response.headers["Location"]
    first.extensions["tna_store"].dispose()  # the service stops with its job queued

    second = service_app(setup)  # the service and its worker start again
    client = second.test_client()
    assert client.get(where, headers=auth("ani")).get_json()["status"] == "queued"
    worker = start_worker(setup, workers)
    job = finished_job(client, response, "ani")
    assert job["status"] == "succeeded", job
    plan = client.get(f"/v1/plans/{job['result']['plan_id']}", headers=auth("ani"))
    saved = plan.get_json()
    # the saved plan also says where it stands in the approval chain (issue 24)
    assert saved.pop("state") == "draft" and saved.pop("state_history")
    assert saved == job["result"]

    worker.send_signal(signal.SIGTERM)  # the worker stops; a job submitted meanwhile waits
    assert worker.wait(timeout=60) == 0
    later = client.post("/v1/plans", json=sent, headers=auth("ani"))
    time.sleep(1)
    assert client.get(later.headers["Location"], headers=auth("ani")).get_json()["status"] == (
        "queued"
    )
    start_worker(setup, workers)
    assert finished_job(client, later, "ani")["status"] == "succeeded"


def test_a_job_left_running_by_a_dead_worker_fails_with_the_reason(
    setup, workers, auth, finished_job
):
    app = service_app(setup)
    client = app.test_client()
    response = client.post("/v1/plans", json=period_body(app), headers=auth("ani"))
    job_id = response.get_json()["job_id"]
    # a worker took it and was killed (SIGKILL) while it ran: its row says running
    assert store_jobs.start_job(app.extensions["tna_store"], job_id)
    start_worker(setup, workers)
    job = finished_job(client, response, "ani")
    assert job["status"] == "failed" and job["error"]["code"] == INTERRUPTED
    assert "restart" in job["error"]["message"] and job["result"] is None
