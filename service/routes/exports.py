"""Exports for other systems: completed trainings back to SIASN (issue 24)."""

from __future__ import annotations

from io import BytesIO

from flask import send_file
from flask_smorest import Blueprint
from marshmallow import RAISE

from service.actions.completions import siasn_completions
from service.auth import PLANNER, current_actor, protect
from service.current_engine import engine
from service.decision_store import store_db
from service.export_schemas import SiasnCompletionsSchema, SiasnExportQuerySchema
from service.exports.completions import completions_csv, completions_filename

bp = Blueprint("exports", __name__, url_prefix="/v1", description="Exports for other systems")
protect(bp, PLANNER)


@bp.get("/exports/siasn-completions.json")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(SiasnExportQuerySchema, location="query", unknown=RAISE)
@bp.response(200, SiasnCompletionsSchema)
def siasn_json(args: dict):
    """Completed trainings as SIASN course-history (rw-kursus) records, for the agency to
    upload: by NIP (`nipBaru`; SIASN's `pnsOrangId` is looked up by it), of programs that
    ended in `year` (all years without it). What the engine does not know (`jenisKursusId`,
    `noSertipikat`, `jenisDiklatId` of a non-classical kind) is empty. Recorded in the audit
    log (`export.siasn_completions`)."""
    year = args.get("year")
    records = siasn_completions(engine(), store_db(), current_actor(), year)
    return {"year": year, "count": len(records), "records": records}


@bp.get("/exports/siasn-completions.csv")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(SiasnExportQuerySchema, location="query", unknown=RAISE)
@bp.response(200, description="the same records as CSV, SIASN's field names as its header",
             content_type="text/csv")  # fmt: skip
def siasn_csv(args: dict):
    year = args.get("year")
    records = siasn_completions(engine(), store_db(), current_actor(), year)
    return send_file(BytesIO(completions_csv(records)), mimetype="text/csv; charset=utf-8",
                     as_attachment=True, download_name=completions_filename(year))  # fmt: skip
