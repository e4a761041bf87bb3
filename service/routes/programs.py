"""The upcoming programs, and participant selection for one under seats, budget and quotas."""

from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import RAISE

from model.participants import choose_participants
from model.upcoming import upcoming_programs
from model.why_not import why_not as employee_standing
from service import metrics
from service.auth import PLANNER, protect
from service.catalogue_schemas import UpcomingProgramsSchema, UpcomingQuerySchema
from service.current_engine import engine
from service.decision_store import current_counts, current_live, live_fields
from service.fairness_policy import audit_turned_off, floor_for, stamped
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
    return upcoming_list(**args)


def upcoming_list(
    month: str | None = None,
    method: str | None = None,
    unit_id: str | None = None,
    sort: str = "start_date",
    order: str = "asc",
) -> dict:
    """What `GET /v1/programs` answers; the workspace's list of programs shows the same."""
    current = engine()
    unit_ids = None if unit_id is None else current.directory.unit_family(unit_id)
    items = upcoming_programs(
        current, current_live(current), current_counts(unit_ids),
        month=month, method=method, unit_ids=unit_ids, sort=sort, descending=order == "desc",
    )  # fmt: skip
    as_of = current.state.as_of.date()
    return {"model_version": current.version, "as_of": as_of, "items": items, **live_fields()}


@bp.post("/programs/<program_id>/participants")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(ParticipantsRequestSchema, required=False)  # every constraint has a default
@bp.response(200, ParticipantsResponseSchema)
def participants(args: dict, program_id: str):
    """A refused selection (`model.errors.SelectionError`) answers 422; see service/errors.py."""
    return participants_of(program_id, args)


def participants_of(program_id: str, args: dict) -> dict:
    """What the participants route answers; the program page and its exports show the same."""
    current = engine()
    args, floor, source = floor_for(args)
    chosen = choose_participants(
        current, program_id, live=current_live(current), fairness=floor, **args
    )
    metrics.BATCH.labels("selection").observe(chosen["summary"]["eligible"])
    audit_turned_off(source, "program", program_id)
    return {**stamped(chosen, source), **live_fields()}


@bp.post("/programs/<program_id>/why-not")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(WhyNotRequestSchema)
@bp.response(200, WhyNotSchema)
def why_not(args: dict, program_id: str):
    """Where one employee stands in the selection the same body gives: eligible or not (and
    why), rank among the eligible, and the rule that kept them out (`model.why_not`)."""
    return why_not_of(program_id, args)


def why_not_of(program_id: str, args: dict) -> dict:
    """What the why-not route answers; the program page's "why not?" form shows the same."""
    current = engine()
    args, floor, _ = floor_for(args)
    employee_id = args.pop("employee_id")
    live = current_live(current)
    standing = employee_standing(
        current, program_id, employee_id, live=live, fairness=floor, **args
    )
    return {**standing, **live_fields()}
