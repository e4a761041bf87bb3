"""Uploads and trainings for admins (`/app/admin/imports`): send an HR export, see its check
as a job, train on a good one and let the promotion gate judge the bundle. The same actions
as `POST /v1/imports` and `POST /v1/trainings`."""

from __future__ import annotations

from flask import Blueprint, current_app, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from service.actions import jobs as job_actions
from service.actions.bundles import promote_bundle
from service.actions.errors import RequestConflictError
from service.actions.imports import start_import, start_training
from service.auth import ADMIN, current_actor
from service.decision_store import store_db
from service.jobs.queue import queue_file
from service.jobs.uploads import UnsafeUploadError, read_and_close
from service.web.jobs import KIND_LABELS, STATUS_LABELS, job_page
from service.web.session_auth import require_role

bp = Blueprint("web_admin", __name__, url_prefix="/app/admin")
require_role(bp, ADMIN)

# what an unsafe upload's code means, in the page's language
REFUSALS = {
    "not_an_export": lambda: _("The file is neither a zip of the tables nor an XLSX workbook."),
    "too_many_files": lambda: _("The zip holds too many files."),
    "zip_bomb": lambda: _("The zip unpacks to far more than its size: refused."),
    "unsafe_path": lambda: _("A file name in the zip leaves its folder: refused."),
    "macros": lambda: _("The workbook holds macros: save it as .xlsx without them."),
}


@bp.before_request
def allow_uploads() -> None:
    """An export is larger than any form: this page's cap is `MAX_UPLOAD_BYTES`."""
    request.max_content_length = current_app.config["MAX_UPLOAD_BYTES"]


@bp.get("/imports")
def imports():
    return _page(None)


@bp.post("/imports")
def upload():
    sent = request.files.get("file")
    if sent is None or not sent.filename:
        return _page(_("Choose a file to upload.")), 422
    config = current_app.config
    try:
        job = start_import(store_db(), queue_file(config), config["IMPORTS_DIR"], g.actor,
                           read_and_close(sent))  # fmt: skip
    except UnsafeUploadError as error:
        told = REFUSALS.get(error.code)
        return _page(told() if told else error.message), 422
    return redirect(job_page(job), code=303)


@bp.post("/trainings")
def train():
    config = current_app.config
    import_id = request.form.get("import_id") or None
    job = start_training(store_db(), queue_file(config), g.actor, import_id,
                         config["IMPORTS_DIR"], config["DATA_DIR"])  # fmt: skip
    return redirect(job_page(job), code=303)


@bp.post("/bundles/<version>/promote")
def promote(version: str):
    """Serve a bundle the promotion gate held back (the admin's call, on its training's page);
    the model page then shows it (web workers reload within `RELOAD_INTERVAL`)."""
    try:
        promote_bundle(current_actor(), current_app.config["ARTIFACTS_DIR"], version)
    except RequestConflictError:
        return _page(_("This bundle cannot be served: it is missing or fails its checks.")), 409
    return redirect(url_for("web_model.model"), code=303)


def _page(problem: str | None):
    recent = [j for j in job_actions.jobs_of(store_db(), g.actor, g.role, limit=50)
              if j["kind"] in ("import", "training")]  # fmt: skip
    return render_template("admin_imports.html", problem=problem, recent=recent,
                           max_mb=current_app.config["MAX_UPLOAD_BYTES"] // 2**20,
                           kind_labels=KIND_LABELS, status_labels=STATUS_LABELS)  # fmt: skip
