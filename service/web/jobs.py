"""Jobs in the workspace (`/app/jobs`): the user's jobs, one job's progress (the page
refreshes itself until it has finished; a finished plan job turns into its plan), cancel."""

from __future__ import annotations

from flask import Blueprint, current_app, g, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l

from service.actions import jobs as job_actions
from service.decision_store import store_db
from service.web.session_auth import require_role

bp = Blueprint("web_jobs", __name__, url_prefix="/app")
require_role(bp)

REFRESH_S = 2  # how often a job page that has not finished asks again
STATUS_LABELS = {
    "queued": _l("Queued"),
    "running": _l("Running"),
    "succeeded": _l("Done"),
    "failed": _l("Failed"),
    "cancelled": _l("Cancelled"),
}
KIND_LABELS = {"plan": _l("Training plan"), "import": _l("Import"), "training": _l("Training")}
STAGE_LABELS = {
    "loading": _l("Loading"),
    "predicting": _l("Predicting"),
    "solving": _l("Solving"),
    "writing": _l("Writing"),
    "unpacking": _l("Unpacking"),
    "checking": _l("Checking"),
    "training": _l("Training"),
}


@bp.get("/jobs")
def jobs():
    items = job_actions.jobs_of(store_db(), g.actor, g.role, limit=50)
    return render_template("jobs.html", items=items, **_labels())


@bp.get("/jobs/<job_id>")
def job(job_id: str):
    found = job_actions.job(store_db(), g.actor, g.role, job_id)
    if found["kind"] == "plan" and found["status"] == "succeeded":
        return redirect(url_for("web_plans.plan", plan_id=found["result"]["plan_id"]), code=303)
    unfinished = found["status"] in ("queued", "running")
    return render_template("job.html", job=found, refresh=REFRESH_S if unfinished else None,
                           unfinished=unfinished, **_labels())  # fmt: skip


@bp.post("/jobs/<job_id>/cancel")
def cancel(job_id: str):
    job_actions.cancel(store_db(), g.actor, g.role, job_id)
    return redirect(url_for("web_jobs.job", job_id=job_id), code=303)


def job_page(job: dict) -> str:
    """The URL of a submitted job's page (the forms that submit one redirect there)."""
    return url_for("web_jobs.job", job_id=job["job_id"])


def _labels() -> dict:
    return {"status_labels": STATUS_LABELS, "kind_labels": KIND_LABELS,
            "stage_labels": STAGE_LABELS, "is_admin": g.role == "admin",
            "config": current_app.config}  # fmt: skip
