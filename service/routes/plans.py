"""The annual training plan: every program of a period at once, under one budget."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from io import BytesIO

import pandas as pd
from flask import Response, g, send_file
from flask_smorest import Blueprint
from marshmallow import RAISE

import store
from model.errors import ProgramStartedError
from model.participants import shown_items, upcoming_code
from model.planning.export import plan_workbook
from model.planning.inputs import PlanRequest, budget_units
from model.planning.plan import make_plan
from model.planning.regulation import regulation_rows
from service.actions.plan_states import PlanStepForbiddenError, move_plan_state
from service.auth import PLANNER, protect
from service.current_engine import engine
from service.decision_store import plan_live_inputs, store_engine
from service.errors import error_body, respond
from service.fairness_policy import audit_turned_off, floor_for, plan_stamped
from service.job_schemas import AcceptedJobSchema
from service.nominating import refuse_ineligible_drafts
from service.plan_schemas import (
    AppliedPlanSchema,
    PlanListQuerySchema,
    PlanListSchema,
    PlanRequestSchema,
    PlanSchema,
)
from service.plan_state_schemas import PlanStateSchema, PlanStepSchema
from service.request_schemas import NoQuerySchema
from service.response_schemas import ErrorSchema
from service.routes.jobs import accepted

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
bp = Blueprint("plans", __name__, url_prefix="/v1", description="Annual training plans")
protect(bp, PLANNER)


@bp.get("/plans")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(PlanListQuerySchema, location="query", unknown=RAISE)
@bp.response(200, PlanListSchema)
def list_plans(args: dict):
    """The newest saved plans, newest first: inputs and headline, not the participants."""
    return recent_plans(**args)


def recent_plans(limit: int = 20) -> dict:
    """What `GET /v1/plans` answers; the workspace's list of plans shows the same."""
    return {"items": store.list_plans(store_engine(), limit)}


@bp.post("/plans")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(PlanRequestSchema)
@bp.response(202, AcceptedJobSchema, headers={"Location": {"schema": {"type": "string"},
             "description": "/v1/jobs/<job_id>"}})  # fmt: skip
def create_plan(args: dict):
    """A plan runs as a job (202, `Location: /v1/jobs/<job_id>`): the finished job's `result`
    is the plan, whatever its status (an infeasible request is a plan with a reason).

    Seats and pairs already taken in the decision store (approved, enrolled, completed) are
    respected, and the plan is saved there with its inputs (`GET /v1/plans/<plan_id>`). A unit
    budget naming an unknown unit is refused at once (422)."""
    return accepted("plan", plan_job_params(args))


def plan_job_params(args: dict) -> dict:
    """The job's params of a loaded plan request, checked now for what is quick to check (an
    unknown unit in `unit_budgets`: UnknownBudgetUnitError, 422)."""
    budget_units(engine(), args.get("unit_budgets") or {})
    return PlanRequestSchema().dump(args)


def created_plan(args: dict, progress: Callable[[str, float], None] | None = None) -> dict:
    """The plan of a loaded `PlanRequestSchema` body, saved by `g.actor` (the plan job runs
    this). `progress(stage, fraction)` hears each stage begin: loading, predicting, solving,
    writing."""
    progress = progress or (lambda _stage, _fraction: None)
    progress("loading", 0.05)
    inputs = dict(args)
    args, floor, source = floor_for(args)
    time_limit_s = args.pop("time_limit_s")
    args["period_start"] = pd.Timestamp(args["period_start"])
    args["period_end"] = pd.Timestamp(args["period_end"])
    current = engine()
    plan = make_plan(
        current,
        PlanRequest(**args, fairness=floor),
        live=plan_live_inputs(),
        time_limit_s=time_limit_s,
        progress=progress,
    )
    plan = plan_stamped(plan, source)
    progress("writing", 0.95)
    store.save_plan(store_engine(), inputs, plan, g.actor, current.version, plan_id=plan["plan_id"])
    audit_turned_off(source, "plan", plan["plan_id"])
    return plan


@bp.post("/plans/<plan_id>/apply")
@bp.doc(security=[{"bearer": []}])
@bp.response(201, AppliedPlanSchema)
@bp.alt_response(409, schema=ErrorSchema, description="the plan is not set: plan_not_set")
def apply_plan(plan_id: str):
    """Every program of a set plan (`POST /v1/plans/<plan_id>/state`; another answers 409
    `plan_not_set`) as a draft nomination of its participants, each with what the serving
    model shows of them now (the exposure record). Applying a plan again returns the same
    drafts and creates nothing (one idempotency key per plan and program). A program that has
    started since the plan was made is skipped, with its reason (`skipped`)."""
    return applied_plan(plan_id)


def applied_plan(plan_id: str) -> dict:
    """What `POST /v1/plans/<plan_id>/apply` answers (the workspace's "Apply" calls it too).
    A program that has started by the serving bundle's snapshot (the plan is older than the
    data) gets no draft: it is listed in `skipped` with the reason, and the others are applied."""
    record = saved_plan_record(plan_id)
    store.require_set(record)  # only a set plan is applied (409 plan_not_set)
    plan = record["result"]
    current = engine()
    # a retraining since the plan may refuse some of its people: 422, each and why, none made
    # (a program that has started is skipped below, not refused)
    refuse_ineligible_drafts(g.actor, [
        {"program_id": program["program_id"], "note": f"from plan {plan_id}",
         "employee_ids": [person["employee_id"] for person in program["participants"]],
         "idempotency_key": f"plan {plan_id} {program['program_id']}"}
        for program in plan["programs"]
        if program["participants"] and not _started(current, program["program_id"])
    ])  # fmt: skip
    drafts, skipped = [], []
    for program in plan["programs"]:
        employee_ids = [person["employee_id"] for person in program["participants"]]
        if not employee_ids:
            continue
        try:
            shown = shown_items(current, program["program_id"], employee_ids)
        except ProgramStartedError as error:
            skipped.append(
                {"program_id": program["program_id"], "reason": "program_started",
                 "message": error.message, "participants": len(employee_ids)}
            )  # fmt: skip
            continue
        ranked = [{**item, "rank": rank} for rank, item in enumerate(shown, start=1)]
        drafts.append(
            store.create_nomination(
                store_engine(),
                program["program_id"],
                ranked,
                g.actor,
                current.version,
                note=f"from plan {plan_id}",
                idempotency_key=f"plan {plan_id} {program['program_id']}",
            )
        )
    return {"plan_id": plan_id, "nominations": drafts, "skipped": skipped}


def _started(current, program_id: str) -> bool:
    """Whether the program started by the serving bundle's snapshot (apply skips it)."""
    try:
        upcoming_code(current, program_id)
    except ProgramStartedError:
        return True
    return False


@bp.get("/plans/<plan_id>.xlsx")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(NoQuerySchema, location="query", unknown=RAISE)
@bp.response(200, description="the plan as a workbook: a summary per unit, a sheet per program",
             content_type=XLSX)  # fmt: skip
def plan_xlsx(_args: dict, plan_id: str):
    return plan_xlsx_file(plan_id)


def plan_xlsx_file(plan_id: str) -> Response:
    """The saved plan's workbook as a download (the API's export and the workspace's)."""
    plan = saved_plan(plan_id)
    workbook = plan_workbook(plan, regulation_rows(engine(), plan))
    return send_file(
        BytesIO(workbook), mimetype=XLSX, as_attachment=True, download_name=f"plan-{plan_id}.xlsx"
    )


@bp.get("/plans/<plan_id>")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(NoQuerySchema, location="query", unknown=RAISE)
@bp.response(200, PlanSchema)
def get_plan(_args: dict, plan_id: str):
    """The saved plan, as it was answered, with its `state` in the approval chain and the
    `state_history` of its steps (who, when)."""
    states = store.plan_states(store_engine(), plan_id)
    return {**saved_plan(plan_id), "state": states["state"], "state_history": states["history"]}


@bp.post("/plans/<plan_id>/state")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(PlanStepSchema)
@bp.response(200, PlanStateSchema)
@bp.alt_response(
    403,
    schema=ErrorSchema,
    description="the caller's role may not take this step: plan_step_forbidden",
)
@bp.alt_response(409, schema=ErrorSchema, description="not the plan's next state: plan_state_step")
def move_state(args: dict, plan_id: str):
    """Move the plan one step along draft -> verified -> validated -> set, recorded in the
    audit log. Who may take which step: draft -> verified, planner or admin (later: a planner
    of the unit); verified -> validated, planner or admin with no unit scope (the training
    agency); validated -> set, admin (the head of the agency). No step goes back; only a set
    plan can be applied (`POST /v1/plans/<plan_id>/apply` answers 409 `plan_not_set`)."""
    return move_plan_state(store_engine(), plan_id, args["to"], g.actor, g.role, _scope())


def _scope() -> tuple[str, ...]:
    """The caller's unit scope (accounts with scopes come with issue 21; a token has none)."""
    return tuple(g.get("unit_ids") or ())


@bp.errorhandler(PlanStepForbiddenError)
def step_forbidden(error: PlanStepForbiddenError):
    return respond(error_body(403, error.code, error.message, {"to": [error.to]}), 403)


@bp.errorhandler(store.PlanStateError)
def state_refused(error: store.PlanStateError):
    return respond(error_body(409, error.code, str(error), error.details), 409)


def saved_plan(plan_id: str) -> dict:
    """The saved plan answer (`GET /v1/plans/<plan_id>`); NotFoundError if there is none."""
    return saved_plan_record(plan_id)["result"]


def saved_plan_record(plan_id: str) -> dict:
    """The store's row of a plan: `inputs`, `created_at`, `created_by`, `model_version` and the
    `result` as answered (stored as JSON: its dates come back as text, made dates again)."""
    record = store.get_plan(store_engine(), plan_id)
    for program in record["result"].get("programs", []):
        if isinstance(program.get("start_date"), str):
            program["start_date"] = date.fromisoformat(program["start_date"])
    return record
