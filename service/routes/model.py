"""The serving bundle: version, dates and its metrics with baselines; its training report."""

from __future__ import annotations

from flask import g
from flask_smorest import Blueprint
from marshmallow import RAISE

from service.actions import model_info as actions
from service.auth import ANY_ROLE, PLANNER, current_actor, protect
from service.errors import ApiError
from service.report_response import report_response
from service.request_schemas import NoQuerySchema
from service.response_schemas import ErrorSchema, ModelSchema

bp = Blueprint("model", __name__, url_prefix="/v1", description="The serving model bundle")
protect(bp, ANY_ROLE)  # HR systems (`system`) learn the version and metrics too


@bp.get("/model")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(NoQuerySchema, location="query", unknown=RAISE)
@bp.response(200, ModelSchema)
def model_info(_args: dict):
    return actions.model_summary(current_actor())


@bp.get("/model/report")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(NoQuerySchema, location="query", unknown=RAISE)
@bp.response(200, content_type="text/html", description="The serving bundle's report.html")
@bp.alt_response(404, schema=ErrorSchema, description="The serving bundle has no report")
def model_report(_args: dict):
    """The training report of the bundle this worker serves (planners and admins)."""
    if g.role not in PLANNER:
        raise ApiError(403, "forbidden", f"the {g.role} role may not call this route")
    return report_response(current_actor())
