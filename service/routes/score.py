"""Batch scoring for HR systems: up to 10,000 (employee, program) pairs per call."""

from __future__ import annotations

from flask_smorest import Blueprint

from service import metrics
from service.auth import SYSTEM, protect
from service.current_engine import engine
from service.decision_store import current_live, live_fields
from service.request_schemas import ScoreRequestSchema
from service.response_schemas import ScoreResponseSchema

bp = Blueprint("score", __name__, url_prefix="/v1", description="Batch scoring")
protect(bp, SYSTEM)


@bp.post("/score")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(ScoreRequestSchema)
@bp.response(200, ScoreResponseSchema)
def score(args: dict):
    current = engine()
    metrics.BATCH.labels("score").observe(len(args["pairs"]))
    return {
        "model_version": current.version,
        "results": current.score(args["pairs"], current_live(current)),
        **live_fields(),
    }
