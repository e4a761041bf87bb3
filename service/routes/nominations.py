"""Nominations: drafts that keep what the planner was shown, and the decisions on them.

The bodies are `service.actions.nominations`' functions, which the program page calls too.
"""

from __future__ import annotations

from flask import request
from flask_smorest import Blueprint
from marshmallow import RAISE

from service.actions import nominations
from service.auth import PLANNER, current_actor, protect
from service.decision_schemas import (
    DecisionsRequestSchema,
    NominationListSchema,
    NominationRequestSchema,
    NominationSchema,
)
from service.errors import ApiError
from service.request_schemas import NoQuerySchema

bp = Blueprint("nominations", __name__, url_prefix="/v1", description="Nominations")
protect(bp, PLANNER)
KEY_HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 200
KEY_DOC = {
    "parameters": [
        {
            "in": "header",
            "name": KEY_HEADER,
            "required": False,
            "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH},
            "description": "a retried POST with the same key returns the first answer",
        }
    ]
}


@bp.post("/programs/<program_id>/nominations")
@bp.doc(security=[{"bearer": []}], **KEY_DOC)
@bp.arguments(NominationRequestSchema)
@bp.response(201, NominationSchema)
def create(args: dict, program_id: str):
    key = _idempotency_key()
    return nominations.create_nomination(current_actor(), program_id, idempotency_key=key, **args)


@bp.get("/nominations/<nomination_id>")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(NoQuerySchema, location="query", unknown=RAISE)
@bp.response(200, NominationSchema)
def get(_args: dict, nomination_id: str):
    return nominations.get_nomination(current_actor(), nomination_id)


@bp.get("/programs/<program_id>/nominations")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(NoQuerySchema, location="query", unknown=RAISE)
@bp.response(200, NominationListSchema)
def of_program(_args: dict, program_id: str):
    items = nominations.program_nominations(current_actor(), program_id)
    return {"program_id": program_id, "items": items}


@bp.post("/nominations/<nomination_id>/decisions")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(DecisionsRequestSchema)
@bp.response(200, NominationSchema)
def decide(args: dict, nomination_id: str):
    """A refusal is 409 `conflict`, `details` naming each employee and why (nothing recorded);
    an employee the nomination does not hold is 404."""
    return nominations.decide_nomination(current_actor(), nomination_id, args["decisions"])


def _idempotency_key() -> str | None:
    key = request.headers.get(KEY_HEADER)
    if key is None:
        return None
    if not 1 <= len(key.strip()) <= MAX_KEY_LENGTH:
        message = f"must be 1 to {MAX_KEY_LENGTH} characters"
        raise ApiError(422, "validation_error", f"{KEY_HEADER}: {message}", {KEY_HEADER: [message]})
    return key.strip()
