"""A unit's training needs."""

from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import RAISE

from model.unit_needs import unit_needs
from service.auth import PLANNER, protect
from service.current_engine import engine
from service.decision_store import current_live, live_fields
from service.request_schemas import NoQuerySchema
from service.response_schemas import UnitNeedsSchema

bp = Blueprint("units", __name__, url_prefix="/v1", description="Units")
protect(bp, PLANNER)


@bp.get("/units/<unit_id>/needs")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(NoQuerySchema, location="query", unknown=RAISE)
@bp.response(200, UnitNeedsSchema)
def needs(_args: dict, unit_id: str):
    current = engine()
    needs = unit_needs(current, unit_id, current_live(current))
    return {**needs, "model_version": current.version, **live_fields()}
