"""The plan job: `POST /v1/plans`'s work, by its owner, in stages (loading, predicting,
solving, writing); its result is the plan as `GET /v1/plans/<plan_id>` answers it."""

from __future__ import annotations

from typing import Any

from flask import Flask

from service.jobs.runner import Progress
from service.plan_schemas import PlanRequestSchema, PlanSchema


def run_plan(app: Flask, job: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Make and save the plan of the job's request; the plan's answer (JSON) out."""
    from service.actions.jobs import job_actor  # the actions import this package
    from service.actions.plans import create_plan

    # who the store and the audit log say made the plan (only planners and admins submit
    # it), with the role and scope it was submitted with: a scoped planner plans its scope
    owner, params = job_actor(job)
    with app.app_context():
        plan = create_plan(owner, PlanRequestSchema().load(params), progress)
        return PlanSchema().dump(plan)
