"""The schemas of a plan's approval chain: `POST /v1/plans/<plan_id>/state` and the state and
history that `GET /v1/plans/<plan_id>` shows."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from service.request_schemas import StrictSchema
from store.tables import PLAN_STATES

RIGHTS = (
    "draft -> verified: planner or admin (later: a planner of the unit);"
    " verified -> validated: planner or admin with no unit scope (the training agency);"
    " validated -> set: admin (the head of the agency). One step forward at a time, never back."
)


class PlanStepSchema(StrictSchema):
    """The step to take: the plan's next state."""

    to = fields.String(
        required=True,
        validate=validate.OneOf(PLAN_STATES),
        metadata={"description": f"the next state of the plan. {RIGHTS}"},
    )


class PlanStateStepSchema(ma.Schema):
    """One step of a plan's history: its creation as draft, then each move."""

    state = fields.String(required=True, validate=validate.OneOf(PLAN_STATES))
    by = fields.String(required=True, metadata={"description": "who took the step"})
    at = fields.DateTime(required=True)


class PlanStateSchema(ma.Schema):
    """A plan's state in its approval chain, what comes next, and its history."""

    plan_id = fields.String(required=True)
    state = fields.String(required=True, validate=validate.OneOf(PLAN_STATES))
    next_state = fields.String(allow_none=True, required=True)
    may_move = fields.Boolean(
        required=True, metadata={"description": "whether the caller may take the next step"}
    )
    history = fields.List(fields.Nested(PlanStateStepSchema), required=True)
