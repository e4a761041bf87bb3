"""The annual training plan: every program of a period at once, under one budget."""

from __future__ import annotations

from io import BytesIO

from flask import send_file
from flask_smorest import Blueprint
from marshmallow import RAISE

from service.actions import plans
from service.auth import PLANNER, current_actor, protect
from service.plan_schemas import (
    AppliedPlanSchema,
    PlanListQuerySchema,
    PlanListSchema,
    PlanRequestSchema,
    PlanSchema,
)
from service.request_schemas import NoQuerySchema

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
@bp.response(201, PlanSchema)
def create_plan(args: dict):
    """A plan answers 201 whatever its status: an infeasible request is a plan with a reason.

    Seats and pairs already taken in the decision store (approved, enrolled, completed) are
    respected, and the plan is saved there with its inputs (`GET /v1/plans/<plan_id>`)."""
    return plans.create_plan(current_actor(), args)


@bp.post("/plans/<plan_id>/apply")
@bp.doc(security=[{"bearer": []}])
@bp.response(201, AppliedPlanSchema)
def apply_plan(plan_id: str):
    """Every program of a saved plan as a draft nomination of its participants, each with what
    the serving model shows of them now (the exposure record). Applying a plan again returns
    the same drafts and creates nothing (one idempotency key per plan and program). A program
    that has started since the plan was made is skipped, with its reason (`skipped`)."""
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
    """The saved plan, as it was answered."""
    return plans.saved_plan(current_actor(), plan_id)
