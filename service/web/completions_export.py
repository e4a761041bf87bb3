"""The workspace's download of completed trainings for SIASN (`/app/siasn-completions.csv`,
on the plans page): the same action and file as `GET /v1/exports/siasn-completions.csv`."""

from __future__ import annotations

from io import BytesIO

from flask import request, send_file

from service.actions.completions import siasn_completions
from service.auth import current_actor
from service.current_engine import engine
from service.decision_store import store_db
from service.export_schemas import SiasnExportQuerySchema
from service.exports.completions import completions_csv, completions_filename
from service.web.forms import query_args
from service.web.plans import bp


@bp.get("/siasn-completions.csv")
def siasn_completions_csv():
    year = query_args(SiasnExportQuerySchema, request.args, blank_is_unset=True).get("year")
    records = siasn_completions(engine(), store_db(), current_actor(), year)
    return send_file(BytesIO(completions_csv(records)), mimetype="text/csv; charset=utf-8",
                     as_attachment=True, download_name=completions_filename(year))  # fmt: skip
