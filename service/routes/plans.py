"""The annual training plan: every program of a period at once, under one budget."""

from __future__ import annotations

from datetime import date

import pandas as pd
from flask import g
from flask_smorest import Blueprint
from marshmallow import RAISE

import store
from model.planning.inputs import PlanRequest
from model.planning.plan import make_plan
from service.auth import PLANNER, protect
from service.current_engine import engine
from service.decision_store import plan_live_inputs, store_engine
from service.plan_schemas import PlanRequestSchema, PlanSchema
from service.request_schemas import NoQuerySchema

bp = Blueprint("plans", __name__, url_prefix="/v1", description="Annual training plans")
protect(bp, PLANNER)


@bp.post("/plans")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(PlanRequestSchema)
@bp.response(201, PlanSchema)
def create_plan(args: dict):
    """A plan answers 201 whatever its status: an infeasible request is a plan with a reason.

    Seats and pairs already taken in the decision store (approved, enrolled, completed) are
    respected, and the plan is saved there with its inputs (`GET /v1/plans/<plan_id>`)."""
    inputs = dict(args)
    time_limit_s = args.pop("time_limit_s")
    args["period_start"] = pd.Timestamp(args["period_start"])
    args["period_end"] = pd.Timestamp(args["period_end"])
    current = engine()
    plan = make_plan(
        current, PlanRequest(**args), live=plan_live_inputs(), time_limit_s=time_limit_s
    )
    store.save_plan(store_engine(), inputs, plan, g.actor, current.version, plan_id=plan["plan_id"])
    return plan


@bp.get("/plans/<plan_id>")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(NoQuerySchema, location="query", unknown=RAISE)
@bp.response(200, PlanSchema)
def get_plan(_args: dict, plan_id: str):
    """The saved plan, as it was answered (stored as JSON: its dates come back as text)."""
    plan = store.get_plan(store_engine(), plan_id)["result"]
    for program in plan.get("programs", []):
        if isinstance(program.get("start_date"), str):
            program["start_date"] = date.fromisoformat(program["start_date"])
    return plan
