"""Live enrolments from an LMS (system role): checked like the export, effective at once."""

from __future__ import annotations

import numpy as np
from flask import current_app, g, request
from flask_smorest import Blueprint

import store
from features import columns as col
from model.engine import Engine
from service.auth import SYSTEM, protect
from service.current_engine import engine
from service.decision_schemas import EnrollmentsRequestSchema, EnrollmentsResultSchema
from service.decision_store import live_changed, store_engine
from service.errors import ApiError

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
    rows = args["enrollments"]
    _known_ids(engine(), rows)
    counts = store.upsert_enrollments(store_engine(), rows, g.actor)
    live_changed()
    return counts


def _known_ids(current: Engine, rows: list[dict]) -> None:
    """404 naming the first rows (1-based) whose employee or program the serving data does not
    know; the ids themselves are not echoed."""
    # plain lists: a frame would cast the ids to Arrow strings, which refuse a lone surrogate
    employee_ids = [row[col.EMPLOYEE_ID] for row in rows]
    e, p = current.directory.pair_codes(employee_ids, [row[col.PROGRAM_ID] for row in rows])
    for column, codes in ((col.EMPLOYEE_ID, e), (col.PROGRAM_ID, p)):
        unknown = np.flatnonzero(codes < 0)
        if len(unknown):
            error = store.InvalidRowsError(
                f"unknown {column}: not in the serving data", column, (unknown + 1).tolist()
            )
            raise ApiError(404, "not_found", str(error), error.details)
