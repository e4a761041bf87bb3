"""The annual training plan: every program of a period at once, under one budget."""

from __future__ import annotations

from io import BytesIO

from flask import send_file
from flask_smorest import Blueprint
from marshmallow import RAISE

import store
from service.actions import plans
from service.actions.plan_states import PlanStepForbiddenError
from service.auth import PLANNER, current_actor, protect
from service.errors import error_body, respond
from service.job_schemas import AcceptedJobSchema
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
from service.routes.jobs import accept_job

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
bp = Blueprint("plans", __name__, url_prefix="/v1", description="Annual training plans")
protect(bp, PLANNER)


@bp.get("/plans")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(PlanListQuerySchema, location="query", unknown=RAISE)
@bp.response(200, PlanListSchema)
def list_plans(args: dict):
    """The newest saved plans, newest first: inputs and headline, not the participants."""
    return plans.recent_plans(current_actor(), **args)


@bp.post("/plans")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(PlanRequestSchema)
@bp.response(202, AcceptedJobSchema, headers={"Location": {"schema": {"type": "string"},
             "description": "/v1/jobs/<job_id>"}})  # fmt: skip
def create_plan(args: dict):
    """A plan runs as a job (202, `Location: /v1/jobs/<job_id>`): the finished job's `result`
    is the plan, whatever its status (an infeasible request is a plan with a reason).

    Seats and pairs already taken in the decision store (approved, enrolled, completed) are
    respected, and the plan is saved there with its inputs (`GET /v1/plans/<plan_id>`).
    `unit_ids`: a plan for those units (and the units under them) only. An unknown unit in
    `unit_ids` or `unit_budgets` is refused at once (422 naming each)."""
    return accept_job("plan", plan_job_params(args))


def plan_job_params(args: dict) -> dict:
    """The job's params of a loaded plan request, checked now for what is quick to check (an
    unknown unit in `unit_ids` or `unit_budgets`: a 422 naming each)."""
    plans.check_plan_request(current_actor(), args)
    return PlanRequestSchema().dump(args)


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
    return plans.apply_plan(current_actor(), plan_id)


@bp.get("/plans/<plan_id>.xlsx")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(NoQuerySchema, location="query", unknown=RAISE)
@bp.response(200, description="the plan as a workbook: a summary per unit, a sheet per program",
             content_type=XLSX)  # fmt: skip
def plan_xlsx(_args: dict, plan_id: str):
    workbook = plans.plan_workbook(current_actor(), plan_id)
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
    return plans.saved_plan_with_state(current_actor(), plan_id)


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
    return plans.move_state(current_actor(), plan_id, args["to"])


@bp.errorhandler(PlanStepForbiddenError)
def step_forbidden(error: PlanStepForbiddenError):
    details = {"to": [error.to], "reason": _coded(error.reason)}
    return respond(error_body(403, error.code, error.message, details), 403)


@bp.errorhandler(store.PlanStateError)
def state_refused(error: store.PlanStateError):
    details = {**error.details, "reason": _coded(error.reason)}
    return respond(error_body(409, error.code, str(error), details), 409)


def _coded(reason: store.Refusal) -> dict:
    """The refusal's code and values beside its sentence, as a refused fairness floor's."""
    return {"code": reason.code, "values": reason.values}
