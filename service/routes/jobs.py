"""Jobs (`/v1/jobs`): how long work goes, its result or error; cancelling it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import g
from flask_smorest import Blueprint
from marshmallow import RAISE

from service.actions import jobs as job_actions
from service.auth import PLANNER, current_actor, protect
from service.decision_store import store_db
from service.job_schemas import JobListQuerySchema, JobListSchema, JobSchema
from service.request_schemas import NoQuerySchema

bp = Blueprint("jobs", __name__, url_prefix="/v1", description="Long work run as jobs")
protect(bp, PLANNER)


@bp.get("/jobs")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(JobListQuerySchema, location="query", unknown=RAISE)
@bp.response(200, JobListSchema)
def list_jobs(args: dict):
    """The caller's newest jobs (an admin's: everyone's), newest first."""
    return {"items": job_actions.jobs_of(store_db(), g.actor, g.role, args["limit"])}


@bp.get("/jobs/<job_id>")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(NoQuerySchema, location="query", unknown=RAISE)
@bp.response(200, JobSchema)
def get_job(_args: dict, job_id: str):
    """The job: status, progress (0-1), stage, and its result or error once finished. Only
    its owner and admins see it (404 for anyone else)."""
    return job_actions.job(store_db(), g.actor, g.role, job_id)


@bp.delete("/jobs/<job_id>")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(NoQuerySchema, location="query", unknown=RAISE)
@bp.response(200, JobSchema)
def cancel_job(_args: dict, job_id: str):
    """Cancel a queued job (it never runs) or a running one (it stops at its next stage and
    writes nothing after it); 409 once the job has finished."""
    return job_actions.cancel(store_db(), g.actor, g.role, job_id)


def accept_job(kind: str, params: Mapping[str, Any]) -> tuple[dict, int, dict[str, str]]:
    """Submit a job of `kind` by `g.actor`: the 202 answer, with `Location` naming the job."""
    return accepted_job(submit_request_job(kind, params))


def accepted_job(job: Mapping[str, Any]) -> tuple[dict, int, dict[str, str]]:
    """The 202 answer of a submitted job, with `Location` naming it."""
    return dict(job), 202, {"Location": f"/v1/jobs/{job['job_id']}"}


def submit_request_job(kind: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """Submit a job of `kind` by this request's actor to this app's queue; the job."""
    return job_actions.submit_job(current_actor(), kind, params)
