"""Live enrolments from an LMS (system role): checked like the export, effective at once."""

from __future__ import annotations

from flask import current_app, request
from flask_smorest import Blueprint

from service.actions.enrollments import upsert_enrollments
from service.auth import SYSTEM, current_actor, protect
from service.decision_schemas import EnrollmentsRequestSchema, EnrollmentsResultSchema

bp = Blueprint("enrollments", __name__, url_prefix="/v1", description="Live enrolments")
protect(bp, SYSTEM)
# 10,000 rows with the longest ids and every score fit in well under 8 MiB (not in 2 MiB)
MAX_BYTES = 8 * 1024 * 1024


@bp.before_request
def larger_bodies() -> None:
    request.max_content_length = max(MAX_BYTES, current_app.config["MAX_CONTENT_LENGTH"])


@bp.post("/enrollments")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(EnrollmentsRequestSchema)
@bp.response(200, EnrollmentsResultSchema)
def upsert(args: dict):
    """Stored by (employee_id, program_id), all or nothing. Ids the serving data does not know
    are refused (404), rows that break the contract or a status change back from an outcome
    too (422); both name the rows."""
    return upsert_enrollments(current_actor(), args["enrollments"])
