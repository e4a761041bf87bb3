"""Running one job: start it once, report its stages, store its result or its error.

A job that was cancelled before it started is skipped; one cancelled while it runs stops at
its next stage boundary (`Progress` raises `JobCancelledError`), and nothing after it is written.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from flask import Flask
from sqlalchemy.engine import Engine as StoreEngine

import store
from features.errors import DataError
from model.errors import SelectionError
from store import jobs as store_jobs

log = logging.getLogger(__name__)

Kind = Callable[[Flask, dict[str, Any], "Progress"], dict[str, Any]]


class JobCancelledError(Exception):
    """The job was cancelled: its worker stops at the stage boundary where it noticed."""


class JobRefusedError(Exception):
    """The job cannot be done as asked: failed with this code and message (no personal data)."""

    def __init__(self, code: str, message: str) -> None:
        self.code, self.message = code, message
        super().__init__(message)


class Progress:
    """`progress(stage, fraction)`: records the stage; raises JobCancelledError once cancelled."""

    def __init__(self, db: StoreEngine, job_id: str) -> None:
        self.db, self.job_id = db, job_id

    def __call__(self, stage: str, fraction: float) -> None:
        if not store_jobs.report_progress(self.db, self.job_id, stage, fraction):
            raise JobCancelledError(self.job_id)


def run_job(app: Flask, job_id: str, kinds: dict[str, Kind]) -> None:
    """Run the queued job `job_id` with the function of its kind, in `app`'s context."""
    db = app.extensions["tna_store"]
    if not store_jobs.start_job(db, job_id):
        log.info("job %s is not queued any more (cancelled): skipped", job_id)
        return
    job = store_jobs.get_job(db, job_id)
    try:
        result = kinds[job["kind"]](app, job, Progress(db, job_id))
    except JobCancelledError:
        log.info("job %s cancelled while running: stopped", job_id)
        return
    except Exception as error:  # every failure is the job's answer, never the worker's end
        code, message = failure(error)
        store_jobs.fail_job(db, job_id, code, message)
        return
    if not store_jobs.finish_job(db, job_id, result):
        log.info("job %s was cancelled as it finished: its result is not kept", job_id)


def failure(error: Exception) -> tuple[str, str]:
    """(code, message) of a job's failure; an unexpected one is logged and told generically."""
    if isinstance(error, JobRefusedError):
        return error.code, error.message
    if isinstance(error, SelectionError):
        return getattr(error, "code", "validation_error"), error.message
    if isinstance(error, DataError):
        return "data_error", str(error)
    if isinstance(error, store.StoreUnavailableError):
        return "unavailable", "the decision store is unavailable; submit the job again later"
    log.exception("job failed unexpectedly")
    return "internal_error", "the job failed unexpectedly (the worker's log says why)"
