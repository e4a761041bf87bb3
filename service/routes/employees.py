"""An employee's competency-gap profile and recommended programs."""

from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import RAISE

from model.employee_history import training_history
from service.auth import PLANNER, protect
from service.current_engine import engine
from service.decision_store import current_live, live_fields
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
    current = engine()
    return {**current.gaps(employee_id), "model_version": current.version}


@bp.get("/employees/<employee_id>/recommendations")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(RecommendationQuerySchema, location="query", unknown=RAISE)
@bp.response(200, RecommendationListSchema)
def recommendations(args: dict, employee_id: str):
    current = engine()
    items = current.recommend(employee_id, live=current_live(current), **args)
    return {"employee_id": employee_id, "model_version": current.version, "items": items,
            **live_fields()}  # fmt: skip


@bp.get("/employees/<employee_id>/history")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(NoQuerySchema, location="query", unknown=RAISE)
@bp.response(200, TrainingHistorySchema)
def history(_args: dict, employee_id: str):
    """Past and running enrolments known at the bundle's snapshot, newest first."""
    current = engine()
    return {**training_history(current, employee_id), "model_version": current.version}
