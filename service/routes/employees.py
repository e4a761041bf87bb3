"""An employee's competency-gap profile and recommended programs."""

from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import RAISE

from service.actions import employees
from service.auth import PLANNER, current_actor, protect
from service.request_schemas import NoQuerySchema, RecommendationQuerySchema
from service.response_schemas import (
    GapProfileSchema,
    RecommendationListSchema,
    TrainingHistorySchema,
)

bp = Blueprint("employees", __name__, url_prefix="/v1", description="Employees")
protect(bp, PLANNER)


@bp.get("/employees/<employee_id>/gaps")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(NoQuerySchema, location="query", unknown=RAISE)
@bp.response(200, GapProfileSchema)
def gaps(_args: dict, employee_id: str):
    return employees.gap_profile(current_actor(), employee_id)


@bp.get("/employees/<employee_id>/recommendations")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(RecommendationQuerySchema, location="query", unknown=RAISE)
@bp.response(200, RecommendationListSchema)
def recommendations(args: dict, employee_id: str):
    return employees.recommendations(current_actor(), employee_id, **args)


@bp.get("/employees/<employee_id>/history")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(NoQuerySchema, location="query", unknown=RAISE)
@bp.response(200, TrainingHistorySchema)
def history(_args: dict, employee_id: str):
    """Past and running enrolments known at the bundle's snapshot, newest first."""
    return employees.history(current_actor(), employee_id)
