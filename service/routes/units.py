"""A unit's training needs."""

from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import RAISE

from service.actions import units
from service.auth import PLANNER, current_actor, protect
from service.request_schemas import NoQuerySchema
from service.response_schemas import UnitNeedsSchema

bp = Blueprint("units", __name__, url_prefix="/v1", description="Units")
protect(bp, PLANNER)


@bp.get("/units/<unit_id>/needs")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(NoQuerySchema, location="query", unknown=RAISE)
@bp.response(200, UnitNeedsSchema)
def needs(_args: dict, unit_id: str):
    return units.needs(current_actor(), unit_id)
