"""Live enrolments from an LMS (system role): checked like the export, effective at once."""

from __future__ import annotations

from flask import g
from flask_smorest import Blueprint

import store
from service.auth import SYSTEM, protect
from service.current_engine import engine
from service.decision_schemas import EnrollmentsRequestSchema, EnrollmentsResultSchema
from service.decision_store import live_changed, store_engine

bp = Blueprint("enrollments", __name__, url_prefix="/v1", description="Live enrolments")
protect(bp, SYSTEM)


@bp.post("/enrollments")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(EnrollmentsRequestSchema)
@bp.response(200, EnrollmentsResultSchema)
def upsert(args: dict):
    """Stored by (employee_id, program_id), all or nothing; ids the serving data does not know
    and status changes back from an outcome are refused (422, naming the rows)."""
    current = engine()
    counts = store.upsert_enrollments(
        store_engine(), args["enrollments"], g.actor,
        known_employees=current.directory.employee_ids,
        known_programs=current.directory.program_ids,
    )  # fmt: skip
    live_changed()
    return counts
