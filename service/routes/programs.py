"""Participant selection for a program under seats, budget and unit quotas."""

from __future__ import annotations

from flask_smorest import Blueprint

from model.errors import NotFoundError, SelectionError
from model.participants import choose_participants
from service.auth import PLANNER, protect
from service.errors import ApiError
from service.request_schemas import ParticipantsRequestSchema
from service.response_schemas import ParticipantsResponseSchema
from service.serving import engine, not_found

bp = Blueprint("programs", __name__, url_prefix="/v1", description="Programs")
protect(bp, PLANNER)


@bp.post("/programs/<program_id>/participants")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(ParticipantsRequestSchema)
@bp.response(200, ParticipantsResponseSchema)
def participants(args: dict, program_id: str):
    try:
        return choose_participants(engine(), program_id, **args)
    except NotFoundError as error:
        raise not_found(error) from None
    except SelectionError as error:
        raise ApiError(422, "validation_error", error.message, error.details) from None
