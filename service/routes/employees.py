"""An employee's competency-gap profile and recommended programs."""

from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import RAISE

from model.errors import NotFoundError
from service.auth import PLANNER, protect
from service.request_schemas import NoQuerySchema, RecommendationQuerySchema
from service.response_schemas import GapProfileSchema, RecommendationListSchema
from service.serving import engine, not_found

bp = Blueprint("employees", __name__, url_prefix="/v1", description="Employees")
protect(bp, PLANNER)


@bp.get("/employees/<employee_id>/gaps")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(NoQuerySchema, location="query", unknown=RAISE)
@bp.response(200, GapProfileSchema)
def gaps(_args: dict, employee_id: str):
    try:
        return engine().gaps(employee_id)
    except NotFoundError as error:
        raise not_found(error) from None


@bp.get("/employees/<employee_id>/recommendations")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(RecommendationQuerySchema, location="query", unknown=RAISE)
@bp.response(200, RecommendationListSchema)
def recommendations(args: dict, employee_id: str):
    current = engine()
    try:
        items = current.recommend(employee_id, **args)
    except NotFoundError as error:
        raise not_found(error) from None
    return {"employee_id": employee_id, "model_version": current.version, "items": items}
