"""Nominations: drafts that keep what the planner was shown, and the decisions on them.

The engine computes the exposure record (rank, score, probability, expected gain, reasons,
model version) when the draft is made; the store keeps it and checks every approval rule.
"""

from __future__ import annotations

from typing import Any

from flask import g, request
from flask_smorest import Blueprint
from marshmallow import RAISE

import store
from model.participants import choose_participants, shown_items
from service.auth import PLANNER, protect
from service.current_engine import engine
from service.decision_schemas import (
    DecisionsRequestSchema,
    NominationListSchema,
    NominationRequestSchema,
    NominationSchema,
)
from service.decision_store import current_live, live_changed, program_facts, store_engine
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
    current = engine()
    key = _idempotency_key()
    selection = args.get("selection")
    if selection is not None:
        chosen = choose_participants(current, program_id, live=current_live(current), **selection)
        items = chosen["selected"]
    else:
        items = shown_items(current, program_id, args["employee_ids"])
    if not items:  # a valid request the current state cannot serve
        message = "the selection chose nobody: nothing to nominate"
        raise ApiError(409, "conflict", message, {"selection": [message]})
    budget = args.get("budget", (selection or {}).get("budget"))
    return store.create_nomination(
        store_engine(), program_id, _ranked(items), g.actor, current.version,
        note=args.get("note"), budget=budget, idempotency_key=key,
    )  # fmt: skip


@bp.get("/nominations/<nomination_id>")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(NoQuerySchema, location="query", unknown=RAISE)
@bp.response(200, NominationSchema)
def get(_args: dict, nomination_id: str):
    return store.get_nomination(store_engine(), nomination_id)


@bp.get("/programs/<program_id>/nominations")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(NoQuerySchema, location="query", unknown=RAISE)
@bp.response(200, NominationListSchema)
def of_program(_args: dict, program_id: str):
    engine().directory.program_code(program_id)  # 404 for a program the bundle does not know
    return {"program_id": program_id, "items": store.list_nominations(store_engine(), program_id)}


@bp.post("/nominations/<nomination_id>/decisions")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(DecisionsRequestSchema)
@bp.response(200, NominationSchema)
def decide(args: dict, nomination_id: str):
    """A refusal is 409 `conflict`, `details` naming each employee and why (nothing recorded);
    an employee the nomination does not hold is 404."""
    facts = program_facts(engine())
    _once_each(args["decisions"])
    try:
        answer = store.decide(store_engine(), nomination_id, args["decisions"], g.actor, facts)
    except store.InvalidRowsError as error:
        # the schema and _once_each leave one cause: an employee not in this nomination
        raise ApiError(404, "not_found", str(error), error.details) from None
    live_changed()
    return answer


def _once_each(decisions: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    twice = sorted({d["employee_id"] for d in decisions if d["employee_id"] in seen
                    or seen.add(d["employee_id"])})  # fmt: skip
    if twice:
        why = ["decided more than once in this request"]
        raise ApiError(409, "conflict", "an employee is decided twice", dict.fromkeys(twice, why))


def _ranked(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**item, "rank": rank} for rank, item in enumerate(items, start=1)]


def _idempotency_key() -> str | None:
    key = request.headers.get(KEY_HEADER)
    if key is None:
        return None
    if not 1 <= len(key.strip()) <= MAX_KEY_LENGTH:
        message = f"must be 1 to {MAX_KEY_LENGTH} characters"
        raise ApiError(422, "validation_error", f"{KEY_HEADER}: {message}", {KEY_HEADER: [message]})
    return key.strip()
