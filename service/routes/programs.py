"""The upcoming programs, and participant selection for one under seats, budget and quotas."""

from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import RAISE

from service import metrics
from service.actions import programs
from service.auth import PLANNER, current_actor, protect
from service.catalogue_schemas import UpcomingProgramsSchema, UpcomingQuerySchema
from service.request_schemas import ParticipantsRequestSchema, WhyNotRequestSchema
from service.response_schemas import ParticipantsResponseSchema, WhyNotSchema

bp = Blueprint("programs", __name__, url_prefix="/v1", description="Programs")
protect(bp, PLANNER)


@bp.get("/programs")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(UpcomingQuerySchema, location="query", unknown=RAISE)
@bp.response(200, UpcomingProgramsSchema)
def upcoming(args: dict):
    """Programs still to start; with `unit_id` (and its sub-units) only those whose audience
    holds someone of the unit, nominations counted for the unit."""
    return programs.upcoming(current_actor(), **args)


@bp.post("/programs/<program_id>/participants")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(ParticipantsRequestSchema, required=False)  # every constraint has a default
@bp.response(200, ParticipantsResponseSchema)
def participants(args: dict, program_id: str):
    """A refused selection (`model.errors.SelectionError`) answers 422; see service/errors.py."""
    return metrics.observe_selection(programs.participants(current_actor(), program_id, args))


@bp.post("/programs/<program_id>/why-not")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(WhyNotRequestSchema)
@bp.response(200, WhyNotSchema)
def why_not(args: dict, program_id: str):
    """Where one employee stands in the selection the same body gives: eligible or not (and
    why), rank among the eligible, and the rule that kept them out (`model.why_not`)."""
    return programs.why_not(current_actor(), program_id, args)
