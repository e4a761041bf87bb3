"""Batch scoring for HR systems: up to 10,000 (employee, program) pairs per call."""

from __future__ import annotations

from flask_smorest import Blueprint

from service import metrics
from service.actions import scoring
from service.auth import SYSTEM, current_actor, protect
from service.request_schemas import ScoreRequestSchema
from service.response_schemas import ScoreResponseSchema

bp = Blueprint("score", __name__, url_prefix="/v1", description="Batch scoring")
protect(bp, SYSTEM)


@bp.post("/score")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(ScoreRequestSchema)
@bp.response(200, ScoreResponseSchema)
def score(args: dict):
    metrics.BATCH.labels("score").observe(len(args["pairs"]))
    return scoring.score(current_actor(), args["pairs"])
