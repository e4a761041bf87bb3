"""The plan job: `POST /v1/plans`'s work, by its owner, in stages (loading, predicting,
solving, writing); its result is the plan as `GET /v1/plans/<plan_id>` answers it."""

from __future__ import annotations

from typing import Any

from flask import Flask

from service.actions.actor import Actor
from service.jobs.runner import Progress
from service.plan_schemas import PlanRequestSchema, PlanSchema


def run_plan(app: Flask, job: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Make and save the plan of the job's request; the plan's answer (JSON) out."""
    from service.actions.plans import create_plan  # the actions import this package

    # who the store and the audit log say made the plan (only planners and admins submit it)
    owner = Actor(name=job["owner"], role=job.get("role") or "planner")
    with app.app_context():
        plan = create_plan(owner, PlanRequestSchema().load(job["params"]), progress)
        return PlanSchema().dump(plan)
