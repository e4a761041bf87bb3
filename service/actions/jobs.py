"""Jobs: submit long work, read how it goes, cancel it. Seen by its owner and admins only.

A job of someone else is not found (404) for anyone but an admin: its id says nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.engine import Engine as StoreEngine

import store
from service.actions.actor import Actor, scope_of
from service.decision_store import store_db
from service.jobs.queue import current_queue_file, enqueue
from store import jobs as store_jobs

PLAN, IMPORT, TRAINING = "plan", "import", "training"
KINDS = (PLAN, IMPORT, TRAINING)
ADMIN_ROLE = "admin"
ACTOR = "_actor"  # the params' key of the submitter's role and scope (`job_actor`)
VIEW_FIELDS = ("job_id", "kind", "status", "progress", "stage", "owner", "created_at",
               "started_at", "finished_at", "result")  # fmt: skip


def submit_job(actor: Actor, kind: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """A new job of `kind` by `actor` on this app's queue (the API and the workspace). The
    actor's role and scope go with the params (`ACTOR`): the worker acts as the submitter."""
    who = {"role": actor.role, "unit_ids": None if actor.unit_ids is None else list(actor.unit_ids)}
    return submit(store_db(), current_queue_file(), actor.name, kind, {**params, ACTOR: who})


def job_actor(job: Mapping[str, Any]) -> tuple[Actor, dict[str, Any]]:
    """Who a job acts as (its owner, with the role and scope it was submitted with; a job
    queued before they were kept: a planner of the whole organisation) and its own params."""
    params = dict(job["params"] or {})
    who = params.pop(ACTOR, None) or {}
    role = who.get("role") or job.get("role") or "planner"
    actor = Actor(name=job["owner"], role=role, unit_ids=scope_of(who.get("unit_ids")))
    return actor, params


def submit(
    db: StoreEngine, queue_path: str, actor: str, kind: str, params: Mapping[str, Any]
) -> dict[str, Any]:
    """A queued job of `kind` for `actor`, put on the queue at `queue_path`; its view."""
    job = store_jobs.create_job(db, kind, actor, params)
    try:
        enqueue(queue_path, job["job_id"])
    except Exception:
        # the queue file cannot be written: the job would wait forever, so it fails now
        store_jobs.fail_job(db, job["job_id"], "unavailable", "the job queue is unavailable")
        raise
    return job_view(job)


def job(db: StoreEngine, actor: str, role: str, job_id: str) -> dict[str, Any]:
    """The job's view; store.RecordNotFoundError when there is none or it is not the actor's
    to see."""
    return job_view(_visible(db, actor, role, job_id))


def cancel(db: StoreEngine, actor: str, role: str, job_id: str) -> dict[str, Any]:
    """Cancel the job (queued: it never runs; running: it stops at its next stage boundary);
    ConflictError once it has finished."""
    _visible(db, actor, role, job_id)
    return job_view(store_jobs.cancel_job(db, job_id))


def jobs_of(db: StoreEngine, actor: str, role: str, limit: int = 20) -> list[dict[str, Any]]:
    """The newest jobs the actor may see (an admin: everyone's), newest first."""
    owner = None if role == ADMIN_ROLE else actor
    return [job_view(row) for row in store_jobs.list_jobs(db, owner, limit)]


def job_view(row: Mapping[str, Any]) -> dict[str, Any]:
    """The contract's fields of a job's row; `error` as `{code, message}` when it failed."""
    view = {name: row.get(name) for name in VIEW_FIELDS}
    if row.get("error_code"):
        view["error"] = {"code": row["error_code"], "message": row.get("error_message") or ""}
    return view


def _visible(db: StoreEngine, actor: str, role: str, job_id: str) -> dict[str, Any]:
    found = store_jobs.get_job(db, job_id)
    if role != ADMIN_ROLE and found["owner"] != actor:
        raise store.RecordNotFoundError(f"job not found: {job_id}")
    return found
