"""The annual training plan: every program of a period at once, under one budget."""

from __future__ import annotations

import pandas as pd
from flask_smorest import Blueprint

from model.planning.inputs import PlanRequest
from model.planning.plan import make_plan
from service.auth import PLANNER, protect
from service.current_engine import engine
from service.plan_schemas import PlanRequestSchema, PlanSchema

bp = Blueprint("plans", __name__, url_prefix="/v1", description="Annual training plans")
protect(bp, PLANNER)


@bp.post("/plans")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(PlanRequestSchema)
@bp.response(201, PlanSchema)
def create_plan(args: dict):
    """A plan answers 201 whatever its status: an infeasible request is a plan with a reason.

    Seats and pairs already taken in the decision store are not passed yet: the service has no
    store handle (see the README); `model.planning.inputs.LiveInputs` is where they go."""
    time_limit_s = args.pop("time_limit_s")
    args["period_start"] = pd.Timestamp(args["period_start"])
    args["period_end"] = pd.Timestamp(args["period_end"])
    return make_plan(engine(), PlanRequest(**args), time_limit_s=time_limit_s)
