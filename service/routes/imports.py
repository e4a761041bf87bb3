"""Uploads of HR exports and trainings on them (admin), each run as a job."""

from __future__ import annotations

from flask import current_app, g, request
from flask_smorest import Blueprint
from marshmallow import fields

from service.actions.imports import start_import, start_training
from service.auth import ADMIN, protect
from service.decision_store import store_db
from service.errors import ApiError
from service.job_schemas import AcceptedJobSchema, TrainingRequestSchema
from service.jobs.queue import queue_file
from service.jobs.uploads import UnsafeUploadError, read_and_close
from service.request_schemas import StrictSchema
from service.routes.jobs import accepted_job

bp = Blueprint("imports", __name__, url_prefix="/v1", description="Imports and trainings")
protect(bp, ADMIN)
LOCATION = {"Location": {"schema": {"type": "string"}, "description": "/v1/jobs/<job_id>"}}


class UploadSchema(StrictSchema):
    file = fields.Raw(
        required=True,
        metadata={"type": "string", "format": "binary",
                  "description": "a zip of the tables (CSV or Parquet) or one XLSX workbook "
                  "with a sheet per table"},
    )  # fmt: skip


@bp.before_request
def allow_uploads() -> None:
    """An export is larger than any JSON body: this blueprint's cap is `MAX_UPLOAD_BYTES`."""
    request.max_content_length = current_app.config["MAX_UPLOAD_BYTES"]


@bp.post("/imports")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(UploadSchema, location="files")
@bp.response(202, AcceptedJobSchema, headers=LOCATION)
def create_import(args: dict):
    """Upload an HR export: checked as `make check` does, as a job whose `result` lists the
    tables found or the one clear error. A hostile file (a zip bomb, a path leaving the
    folder, too many files, a workbook with macros) is refused at once (422), nothing kept."""
    config = current_app.config
    try:
        job = start_import(store_db(), queue_file(config), config["IMPORTS_DIR"], g.actor,
                           read_and_close(args["file"]))  # fmt: skip
    except UnsafeUploadError as error:
        raise ApiError(422, "unsafe_upload", error.message, {"file": [error.code]}) from None
    return accepted_job(job)


@bp.post("/trainings")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(TrainingRequestSchema, required=False)  # no body: train on DATA_DIR
@bp.response(202, AcceptedJobSchema, headers=LOCATION)
def create_training(args: dict):
    """Train on a succeeded import (`import_id`, its job's id) or on `DATA_DIR`, plus the
    decision store, as a job whose `result` names the bundle and the promotion gate's verdict."""
    config = current_app.config
    job = start_training(store_db(), queue_file(config), g.actor, args.get("import_id"),
                         config["IMPORTS_DIR"], config["DATA_DIR"])  # fmt: skip
    return accepted_job(job)
