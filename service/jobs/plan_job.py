"""The plan job: `POST /v1/plans`'s work, by its owner, in stages (loading, predicting,
solving, writing); its result is the plan as `GET /v1/plans/<plan_id>` answers it."""

from __future__ import annotations

from typing import Any

from flask import Flask, g

from service.jobs.runner import Progress
from service.plan_schemas import PlanRequestSchema, PlanSchema


def run_plan(app: Flask, job: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Make and save the plan of the job's request; the plan's answer (JSON) out."""
    from service.routes.plans import created_plan  # the route module imports this package

    with app.app_context():
        g.actor = job["owner"]  # who the store and the audit log say made the plan
        plan = created_plan(PlanRequestSchema().load(job["params"]), progress)
        return PlanSchema().dump(plan)
