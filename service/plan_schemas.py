"""The schemas of `POST /v1/plans`: the request, bounded, and the plan answered."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from features import columns as col
from model.planning.plan import DEFAULT_TIME_LIMIT_S, MAX_TIME_LIMIT_S
from service.decision_schemas import NominationSchema
from service.plan_state_schemas import PlanStateStepSchema
from service.request_schemas import MAX_BUDGET, FairnessSchema, StrictSchema
from service.response_schemas import FairnessSummarySchema
from store.tables import PLAN_STATES

MAX_JP_TARGET = 200
MAX_JP_WEIGHT = 100.0
MAX_PROGRAMS = 50
MAX_PROGRAM_IDS = 10_000
MAX_UNIT_IDS = 1_000
MIN_TIME_LIMIT_S = 0.01  # inclusive bounds: OpenAPI 3.0 has no exclusive ones here

_budget = {"validate": validate.Range(0, MAX_BUDGET), "allow_nan": False}


class PlanRequestSchema(StrictSchema):
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    budget = fields.Float(required=True, **_budget)
    unit_budgets = fields.Dict(keys=fields.String(), values=fields.Float(**_budget))
    program_ids = fields.List(fields.String(), validate=validate.Length(min=1, max=MAX_PROGRAM_IDS))
    # a plan for chosen units: only their employees (and those of the units under them) are
    # seated; an unknown id is refused at once (422 naming each)
    unit_ids = fields.List(
        fields.String(),
        validate=validate.Length(min=1, max=MAX_UNIT_IDS),
        metadata={"description": "plan for these units and the units under them only"},
    )
    min_completion_probability = fields.Float(validate=validate.Range(0, 1), allow_nan=False)
    jp_target = fields.Integer(
        load_default=col.JP_ENTITLEMENT, validate=validate.Range(1, MAX_JP_TARGET)
    )
    # bringing one employee from 0 JP to the target is worth jp_weight x the median gain of
    # a seat (README, "The annual plan")
    jp_weight = fields.Float(
        load_default=1.0, validate=validate.Range(0, MAX_JP_WEIGHT), allow_nan=False
    )
    max_programs_per_employee = fields.Integer(validate=validate.Range(1, MAX_PROGRAMS))
    # absent: the agency's default floor (if any); null: no floor (audited when one is set)
    fairness = fields.Nested(
        FairnessSchema,
        allow_none=True,
        metadata={"description": "absent: the agency's default floor; null: none"},
    )
    time_limit_s = fields.Float(
        load_default=DEFAULT_TIME_LIMIT_S,
        validate=validate.Range(MIN_TIME_LIMIT_S, MAX_TIME_LIMIT_S),
        allow_nan=False,
    )


class PlannedParticipantSchema(ma.Schema):
    employee_id = fields.String(required=True)
    unit_id = fields.String(required=True)
    expected_gain = fields.Float(required=True)
    completion_probability = fields.Float(required=True)
    cost = fields.Float(required=True)


class PlannedProgramSchema(ma.Schema):
    program_id = fields.String(required=True)
    title = fields.String()
    method = fields.String()
    kind = fields.String(
        allow_none=True, metadata={"description": "programs.kind; null where not stated"}
    )
    path = fields.String(
        allow_none=True,
        metadata={"description": "classical or non_classical (stated, or implied by the kind)"},
    )
    duration_jp = fields.Integer(metadata={"description": "JP a participant earns"})
    start_date = fields.Date()
    seats = fields.Integer()
    participants = fields.List(fields.Nested(PlannedParticipantSchema), required=True)


class PlannedUnitSchema(ma.Schema):
    unit_id = fields.String(required=True)
    seats = fields.Integer(required=True)
    cost = fields.Float(required=True)
    gain = fields.Float(required=True)


class PruningSchema(ma.Schema):
    eligible_pairs = fields.Integer()
    candidate_pairs = fields.Integer()
    pricing_rounds = fields.Integer()
    lp_bound = fields.Float()
    loss_bound = fields.Float()
    loss_share_of_lp_bound = fields.Float()


class PlanSummarySchema(ma.Schema):
    fairness = fields.Nested(
        FairnessSummarySchema,
        metadata={"description": "the fairness floor that held, its groups and its cost"},
    )
    fairness_source = fields.String(
        metadata={"description": "which floor held: request, agency_default, turned_off, none"}
    )


class PlanSchema(ma.Schema):
    plan_id = fields.String(required=True)
    status = fields.String(
        required=True, validate=validate.OneOf(["optimal", "feasible", "infeasible"])
    )
    reason = fields.String(allow_none=True)
    objective = fields.Float(required=True)
    bound = fields.Float(required=True)
    gap = fields.Float(required=True)
    greedy_objective = fields.Float(required=True)
    expected_gain = fields.Float()
    jp_reward = fields.Float()
    jp_reward_per_jp = fields.Float()
    greedy_expected_gain = fields.Float()
    programs = fields.List(fields.Nested(PlannedProgramSchema), required=True)
    units = fields.List(fields.Nested(PlannedUnitSchema), required=True)
    budget_used = fields.Float(required=True)
    budget_effective = fields.Float()
    employees_reaching_jp_target = fields.Integer(required=True)
    greedy_employees_reaching_jp_target = fields.Integer()
    pruning = fields.Nested(PruningSchema)
    solve_seconds = fields.Float()
    found_by = fields.String(
        validate=validate.OneOf(["milp", "lp_rounding", "greedy", "empty"]),
        metadata={"description": "what found the plan: HiGHS's MILP, the rounding of its LP"
                  " relaxation, or the greedy baseline (none did better)"},
    )  # fmt: skip
    notes = fields.List(fields.String())
    note_codes = fields.List(
        fields.Dict(),
        metadata={"description": "each note as a code and values (`{code, values}`), in order"},
    )
    model_version = fields.String(required=True)
    summary = fields.Nested(PlanSummarySchema)
    refusal = fields.Dict(
        metadata={"description": "an infeasible plan's reason as a code and values"}
    )
    # the approval chain (issue 24), shown by GET /v1/plans/<plan_id>
    state = fields.String(validate=validate.OneOf(PLAN_STATES))
    state_history = fields.List(fields.Nested(PlanStateStepSchema))


class SkippedProgramSchema(ma.Schema):
    """A program of the plan that got no draft, and why (`reason` is a code)."""

    program_id = fields.String(required=True)
    reason = fields.String(required=True, validate=validate.OneOf(["program_started"]))
    message = fields.String(required=True)
    participants = fields.Integer(required=True)


class AppliedPlanSchema(ma.Schema):
    """A plan turned into draft nominations, one per program with participants; the programs
    that have started since the plan was made are `skipped`."""

    plan_id = fields.String(required=True)
    nominations = fields.List(fields.Nested(NominationSchema), required=True)
    skipped = fields.List(fields.Nested(SkippedProgramSchema), required=True)


class PlanListQuerySchema(StrictSchema):
    """`?limit=`: how many of the newest plans."""

    limit = fields.Integer(load_default=20, validate=validate.Range(1, 100))


class PlanHeadlineSchema(ma.Schema):
    """A saved plan in a list: its inputs and the headline of its result, no participants."""

    plan_id = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    created_by = fields.String(required=True)
    model_version = fields.String(required=True)
    inputs = fields.Dict(keys=fields.String(), required=True)
    status = fields.String(
        required=True, validate=validate.OneOf(["optimal", "feasible", "infeasible"])
    )
    reason = fields.String(allow_none=True)
    objective = fields.Float(required=True)
    greedy_objective = fields.Float(required=True)
    budget_used = fields.Float(required=True)
    state = fields.String(validate=validate.OneOf(PLAN_STATES))


class PlanListSchema(ma.Schema):
    items = fields.List(fields.Nested(PlanHeadlineSchema), required=True)
