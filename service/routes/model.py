"""The serving bundle: version, dates and its metrics with baselines."""

from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import RAISE

from service.auth import ANY_ROLE, protect
from service.current_engine import engine
from service.request_schemas import NoQuerySchema
from service.response_schemas import ModelSchema

bp = Blueprint("model", __name__, url_prefix="/v1", description="The serving model bundle")
protect(bp, ANY_ROLE)  # HR systems (`system`) learn the version and metrics too


@bp.get("/model")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(NoQuerySchema, location="query", unknown=RAISE)
@bp.response(200, ModelSchema)
def model_info(_args: dict):
    manifest = engine().bundle.manifest
    return {
        "version": manifest["version"],
        "trained_at": manifest["created_at"],
        "data_snapshot_date": manifest["data"]["snapshot_date"],
        "metrics": manifest["metrics"],
        "feature_names": manifest["feature_names"],
        "parameters": manifest["parameters"],
    }
