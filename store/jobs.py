"""Jobs: long work's status, progress, result or error, as the worker moves it along.

Every move is a compare-and-set on the status, so a cancellation and the worker never
overwrite each other: a cancelled job stays cancelled whatever the worker does next, and a
job is started once only.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from store.audit import jsonable
from store.database import read_transaction, write_transaction
from store.errors import ConflictError, RecordNotFoundError
from store.tables import CANCELLED, FAILED, QUEUED, RUNNING, SUCCEEDED, jobs, utc_now

FINISHED = (SUCCEEDED, FAILED, CANCELLED)
# What a worker found running when it started: the worker that ran it is gone.
INTERRUPTED = "interrupted"
INTERRUPTED_MESSAGE = "the worker stopped while the job ran (a restart); submit it again"


def create_job(db: Engine, kind: str, owner: str, params: Mapping[str, Any]) -> dict:
    """A new queued job of `kind` for `owner`, with what the worker needs to run it."""
    row = {
        "job_id": uuid.uuid4().hex,
        "kind": kind,
        "owner": owner,
        "status": QUEUED,
        "progress": 0.0,
        "stage": None,
        "params": jsonable(params),
        "created_at": utc_now(),
    }
    with write_transaction(db) as conn:
        conn.execute(sa.insert(jobs).values(row))
    return get_job(db, row["job_id"])


def get_job(db: Engine, job_id: str) -> dict[str, Any]:
    """The job's row; RecordNotFoundError if there is none."""
    with read_transaction(db) as conn:
        row = conn.execute(sa.select(jobs).where(jobs.c.job_id == job_id)).mappings().first()
    if row is None:
        raise RecordNotFoundError(f"job not found: {job_id}")
    return dict(row)


def list_jobs(db: Engine, owner: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
    """The newest `limit` jobs (of `owner`, or everyone's), newest first, without params."""
    shown = [c for c in jobs.c if c.name != "params"]
    query = sa.select(*shown).order_by(jobs.c.created_at.desc(), jobs.c.job_id).limit(limit)
    if owner is not None:
        query = query.where(jobs.c.owner == owner)
    with read_transaction(db) as conn:
        return [dict(row) for row in conn.execute(query).mappings()]


def cancel_job(db: Engine, job_id: str) -> dict[str, Any]:
    """Cancel a queued or running job (a running one stops at its next stage boundary); a
    cancelled one stays so. ConflictError for a job that has already finished."""
    with write_transaction(db) as conn:
        done = conn.execute(
            sa.update(jobs)
            .where(jobs.c.job_id == job_id, jobs.c.status.in_((QUEUED, RUNNING)))
            .values(status=CANCELLED, finished_at=utc_now())
        )
    job = get_job(db, job_id)
    if done.rowcount == 0 and job["status"] != CANCELLED:
        raise ConflictError(f"job {job_id} has already {job['status']}", {job_id: [job["status"]]})
    return job


def start_job(db: Engine, job_id: str) -> bool:
    """Queued -> running; False when it is not queued (cancelled, or started already)."""
    return _move(db, job_id, (QUEUED,), status=RUNNING, stage=None, started_at=utc_now())


def report_progress(db: Engine, job_id: str, stage: str, progress: float) -> bool:
    """The running job's stage and progress (0-1); False when it is no longer running (it was
    cancelled): the worker then stops."""
    progress = min(max(float(progress), 0.0), 1.0)
    return _move(db, job_id, (RUNNING,), stage=stage, progress=progress)


def finish_job(db: Engine, job_id: str, result: Mapping[str, Any]) -> bool:
    """Running -> succeeded with `result`; False when it was cancelled meanwhile."""
    values = {"status": SUCCEEDED, "progress": 1.0, "result": jsonable(result)}
    return _move(db, job_id, (RUNNING,), finished_at=utc_now(), **values)


def fail_job(db: Engine, job_id: str, code: str, message: str) -> bool:
    """Queued or running -> failed with an error code and a message free of personal data."""
    values = {"status": FAILED, "error_code": code, "error_message": message}
    return _move(db, job_id, (QUEUED, RUNNING), finished_at=utc_now(), **values)


def fail_interrupted(db: Engine) -> list[str]:
    """Fail every running job (a worker starting finds them: the one that ran them is gone),
    returning their ids. One worker per store: docs/jobs.md."""
    with write_transaction(db) as conn:
        running = sa.select(jobs.c.job_id).where(jobs.c.status == RUNNING)
        found = list(conn.execute(running).scalars())
        if found:
            conn.execute(
                sa.update(jobs)
                .where(jobs.c.job_id.in_(found), jobs.c.status == RUNNING)
                .values(
                    status=FAILED,
                    error_code=INTERRUPTED,
                    error_message=INTERRUPTED_MESSAGE,
                    finished_at=utc_now(),
                )
            )
    return found


def _move(db: Engine, job_id: str, from_statuses: tuple[str, ...], **values: Any) -> bool:
    with write_transaction(db) as conn:
        done = conn.execute(
            sa.update(jobs)
            .where(jobs.c.job_id == job_id, jobs.c.status.in_(from_statuses))
            .values(**values)
        )
    return done.rowcount == 1
