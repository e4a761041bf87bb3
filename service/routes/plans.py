"""The annual training plan: every program of a period at once, under one budget."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pandas as pd
from flask import g, send_file
from flask_smorest import Blueprint
from marshmallow import RAISE

import store
from model.participants import shown_items
from model.planning.export import plan_workbook
from model.planning.inputs import PlanRequest
from model.planning.plan import make_plan
from service.auth import PLANNER, protect
from service.current_engine import engine
from service.decision_store import plan_live_inputs, store_engine
from service.plan_schemas import AppliedPlanSchema, PlanRequestSchema, PlanSchema
from service.request_schemas import NoQuerySchema

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
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


@bp.post("/plans/<plan_id>/apply")
@bp.doc(security=[{"bearer": []}])
@bp.response(201, AppliedPlanSchema)
def apply_plan(plan_id: str):
    """Every program of a saved plan as a draft nomination of its participants, each with what
    the serving model shows of them now (the exposure record). Applying a plan again returns
    the same drafts and creates nothing (one idempotency key per plan and program)."""
    plan = _saved(plan_id)
    current = engine()
    drafts = []
    for program in plan["programs"]:
        employee_ids = [person["employee_id"] for person in program["participants"]]
        if not employee_ids:
            continue
        shown = shown_items(current, program["program_id"], employee_ids)
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
    return {"plan_id": plan_id, "nominations": drafts}


@bp.get("/plans/<plan_id>.xlsx")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(NoQuerySchema, location="query", unknown=RAISE)
@bp.response(200, description="the plan as a workbook: a summary per unit, a sheet per program",
             content_type=XLSX)  # fmt: skip
def plan_xlsx(_args: dict, plan_id: str):
    workbook = plan_workbook(_saved(plan_id))
    return send_file(
        BytesIO(workbook), mimetype=XLSX, as_attachment=True, download_name=f"plan-{plan_id}.xlsx"
    )


@bp.get("/plans/<plan_id>")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(NoQuerySchema, location="query", unknown=RAISE)
@bp.response(200, PlanSchema)
def get_plan(_args: dict, plan_id: str):
    """The saved plan, as it was answered."""
    return _saved(plan_id)


def _saved(plan_id: str) -> dict:
    """The saved plan answer (stored as JSON: its dates come back as text, made dates again)."""
    plan = store.get_plan(store_engine(), plan_id)["result"]
    for program in plan.get("programs", []):
        if isinstance(program.get("start_date"), str):
            program["start_date"] = date.fromisoformat(program["start_date"])
    return plan
