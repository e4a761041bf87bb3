"""Participant selection for a program under seats, budget and unit quotas."""

from __future__ import annotations

from flask_smorest import Blueprint

from model.participants import choose_participants
from service import metrics
from service.auth import PLANNER, protect
from service.current_engine import engine
from service.decision_store import current_live
from service.request_schemas import ParticipantsRequestSchema
from service.response_schemas import ParticipantsResponseSchema

bp = Blueprint("programs", __name__, url_prefix="/v1", description="Programs")
protect(bp, PLANNER)


@bp.post("/programs/<program_id>/participants")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(ParticipantsRequestSchema, required=False)  # every constraint has a default
@bp.response(200, ParticipantsResponseSchema)
def participants(args: dict, program_id: str):
    """A refused selection (`model.errors.SelectionError`) answers 422; see service/errors.py."""
    current = engine()
    chosen = choose_participants(current, program_id, live=current_live(current), **args)
    metrics.BATCH.labels("selection").observe(chosen["summary"]["eligible"])
    return chosen
