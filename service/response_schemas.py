"""Schemas that shape every response; the OpenAPI document is generated from them.

They dump through `service.fast_dump.FastSchema`: marshmallow's output, compiled once per
schema (a 10,000-pair score answer took longer to dump than to score)."""

from __future__ import annotations

from marshmallow import fields, validate

from service.fast_dump import FastSchema

LIVE_STATES = ("current", "stale", "unavailable")  # service.decision_store's, best first


class LiveStateFields:
    """Two fields of every answer built on the decision store's live state (approvals,
    enrolments, taken seats): whether the store could be read for it (issue 18, item 7)."""

    live_state = fields.String(
        validate=validate.OneOf(LIVE_STATES),
        metadata={
            "enum": list(LIVE_STATES),
            "description": "how the decision store's live state (approvals, enrolments, taken "
            "seats, nomination counts) entered this answer: `current` (read now); `stale` (the "
            "store cannot be reached: the state last read, at `live_state_as_of`, was used, and "
            "later approvals and enrolments are missing); `unavailable` (the store has not been "
            "readable since the service started, or the counts could not be read: approvals "
            "and taken seats are not taken into account)",
        },
    )
    live_state_as_of = fields.DateTime(
        allow_none=True,
        metadata={"description": "when `live_state` is `stale`: when the store last "
                  "confirmed the live state used (UTC); null otherwise"},
    )  # fmt: skip


class ErrorDetailSchema(FastSchema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    details = fields.Dict()


class ErrorSchema(FastSchema):
    error = fields.Nested(ErrorDetailSchema, required=True)


class HealthSchema(FastSchema):
    status = fields.String(required=True)


class ReadySchema(FastSchema):
    status = fields.String(required=True)
    version = fields.String(allow_none=True)


class ModelSchema(FastSchema):
    version = fields.String(required=True)
    answers = fields.String(
        validate=validate.OneOf(["live", "precomputed"]),
        metadata={"description": "live: recommendations are computed per request; "
                  "precomputed: read from the ranking `make score-all` wrote into the bundle "
                  "(the live state still applied; the same answers, docs/national.md)"},
    )  # fmt: skip
    trained_at = fields.String(required=True)
    data_snapshot_date = fields.String(required=True)
    metrics = fields.Dict(required=True)
    feature_names = fields.List(fields.String())
    parameters = fields.Dict()
    fairness_default = fields.Dict(
        allow_none=True,
        metadata={"description": "the agency's default fairness floor {attribute, min_ratio}; "
                  "null: none (a request may still set one)"},
    )  # fmt: skip
    next_position_weight_default = fields.Float(
        metadata={"description": "how much the next position's gaps count in recommendations "
                  "when `next_position_weight` is not given (0-1; docs/rules.md)"},
    )  # fmt: skip


class CompetencyGapSchema(FastSchema):
    competency_id = fields.String(required=True)
    name = fields.String(allow_none=True)
    required_level = fields.Integer(required=True)
    current_level = fields.Float(required=True)
    gap = fields.Float(required=True)
    weight = fields.Float()
    weighted_gap = fields.Float()
    confidence = fields.Float(required=True)
    level_uncertainty = fields.Float(
        metadata={"description": "how far current_level may be off, in levels (one spread)"}
    )
    last_evaluated_at = fields.Date(allow_none=True, required=True)
    n_evaluations = fields.Integer()


class NextPositionSchema(FastSchema):
    role_id = fields.String(required=True)
    role_title = fields.String()
    box = fields.Integer(allow_none=True, metadata={"description": "nine-box cell, 1-9"})
    since = fields.Date(allow_none=True)
    gap_index = fields.Float()
    competencies = fields.List(fields.Nested(CompetencyGapSchema), required=True)


class JpLedgerSchema(FastSchema):
    """JP completed this year by category, as BPSDM reports them; they add up to
    `jp_this_year` (leadership: structural kinds; other: any other or unknown kind)."""

    leadership = fields.Integer(required=True)
    functional = fields.Integer(required=True)
    technical = fields.Integer(required=True)
    other = fields.Integer(required=True)


class GapProfileSchema(FastSchema):
    employee_id = fields.String(required=True)
    model_version = fields.String(required=True)
    unit_id = fields.String()
    role_id = fields.String()
    name = fields.String(allow_none=True, metadata={"description": "null without the column"})
    role_title = fields.String()
    unit_name = fields.String()
    as_of = fields.Date()
    gap_index = fields.Float()
    self_minus_others = fields.Float(allow_none=True)
    latest_rating = fields.String(allow_none=True)
    jp_this_year = fields.Integer(required=True)
    jp_remaining = fields.Integer()
    jp_by_category = fields.Nested(JpLedgerSchema)
    competencies = fields.List(fields.Nested(CompetencyGapSchema), required=True)
    next_position = fields.Nested(
        NextPositionSchema,
        allow_none=True,
        metadata={"description": "the gaps against the position the employee is prepared for "
                  "(talent_pool); null for someone not in the pool"},
    )  # fmt: skip


class CoveredGapSchema(FastSchema):
    competency_id = fields.String(required=True)
    name = fields.String()
    required_level = fields.Float()
    current_level = fields.Float()
    target_level = fields.Integer()
    gap_closed = fields.Float()
    weight = fields.Float()


class RiskFactorSchema(FastSchema):
    feature = fields.String(required=True)
    contribution = fields.Float(required=True)


class NextPositionGainSchema(FastSchema):
    role_id = fields.String(required=True)
    role_title = fields.String()
    expected_gain = fields.Float(
        required=True,
        metadata={"description": "the next position's extra gap expected closed (unweighted)"},
    )
    weight = fields.Float(required=True)


class RecommendationSchema(FastSchema):
    program_id = fields.String(required=True)
    title = fields.String(required=True)
    method = fields.String(required=True)
    start_date = fields.Date()
    duration_jp = fields.Integer()
    cost = fields.Float()
    kind = fields.String(
        allow_none=True,
        metadata={"description": "programs.kind (coaching, mentoring, self_study, ...); null "
                  "where the catalogue does not say"},
    )  # fmt: skip
    path = fields.String(
        allow_none=True,
        metadata={"description": "classical or non_classical: programs.path, or the one its "
                  "kind implies"},
    )  # fmt: skip
    score = fields.Float(required=True)
    completion_probability = fields.Float(required=True)
    expected_gain = fields.Float(required=True)
    covered_gaps = fields.List(fields.Nested(CoveredGapSchema), required=True)
    risk_factors = fields.List(fields.Nested(RiskFactorSchema))
    reasons = fields.List(fields.String(), required=True)
    next_position = fields.Nested(
        NextPositionGainSchema,
        allow_none=True,
        metadata={"description": "what the program closes of the next position's gap, when "
                  "it counted (next_position_weight above 0); `score` includes it"},
    )  # fmt: skip


class RecommendationListSchema(FastSchema, LiveStateFields):
    employee_id = fields.String(required=True)
    model_version = fields.String(required=True)
    items = fields.List(fields.Nested(RecommendationSchema), required=True)


class ParticipantSchema(FastSchema):
    employee_id = fields.String(required=True)
    unit_id = fields.String(required=True)
    name = fields.String(
        allow_none=True, metadata={"description": "employees.name when the export has it"}
    )
    role_id = fields.String()
    role_title = fields.String(metadata={"description": "the position (jabatan) title"})
    unit_name = fields.String()
    score = fields.Float(required=True)
    completion_probability = fields.Float(required=True)
    expected_gain = fields.Float(required=True)
    jp_remaining = fields.Integer()
    covered_gaps = fields.List(fields.Nested(CoveredGapSchema))
    risk_factors = fields.List(fields.Nested(RiskFactorSchema))
    reasons = fields.List(fields.String(), required=True)


class FairnessGroupSchema(FastSchema):
    group = fields.String(required=True)
    eligible = fields.Integer(required=True)
    selected = fields.Integer(required=True)
    ratio = fields.Float(
        required=True,
        allow_none=True,
        metadata={"description": "selected / expected at equal chances; null: nobody selected"},
    )


class FairnessSummarySchema(FastSchema):
    attribute = fields.String(required=True)
    min_ratio = fields.Float(required=True)
    groups = fields.List(fields.Nested(FairnessGroupSchema), required=True)
    expected_gain = fields.Float(required=True)
    expected_gain_without_floor = fields.Float(required=True)
    source = fields.String(metadata={"description": "request or agency_default"})


class FairnessCheckSchema(FastSchema):
    attribute = fields.String(required=True)
    groups = fields.List(fields.Nested(FairnessGroupSchema), required=True)
    lowest_ratio = fields.Float(allow_none=True)
    four_fifths_met = fields.Boolean(allow_none=True)


class SelectionSummarySchema(FastSchema):
    seats_filled = fields.Integer(required=True)
    seats_available = fields.Integer()
    total_cost = fields.Float(required=True)
    expected_gain = fields.Float(required=True)
    count_by_unit = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    eligible = fields.Integer()
    outside_audience = fields.Integer()
    below_min_grade = fields.Integer(
        metadata={"description": "rank below the program's min_grade (or none recorded)"}
    )
    under_sanction = fields.Integer(
        metadata={"description": "a disciplinary sanction runs on the program's start"}
    )
    other_agency = fields.Integer(
        metadata={"description": "the program is open to one agency only, not theirs"}
    )
    already_taken = fields.Integer(
        metadata={
            "description": "completed the course, enrolled, or holding it or an overlapping "
            "session (live)"
        }
    )
    left_out = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        metadata={"description": "eligible but not selected, by the first rule that kept them"},
    )
    constraints = fields.Dict()
    fairness = fields.Nested(
        FairnessSummarySchema,
        metadata={"description": "the fairness floor that held, its groups and its cost"},
    )
    fairness_source = fields.String(
        metadata={"description": "which floor held: request, agency_default, turned_off, none"}
    )
    fairness_check = fields.List(
        fields.Nested(FairnessCheckSchema),
        metadata={"description": "per recorded attribute, each group's ratio for this list"},
    )


class ParticipantsResponseSchema(FastSchema, LiveStateFields):
    program_id = fields.String(required=True)
    model_version = fields.String(required=True)
    selected = fields.List(fields.Nested(ParticipantSchema), required=True)
    waitlist = fields.List(fields.Nested(ParticipantSchema), required=True)
    summary = fields.Nested(SelectionSummarySchema, required=True)


class WhyNotSchema(FastSchema, LiveStateFields):
    program_id = fields.String(required=True)
    employee_id = fields.String(required=True)
    model_version = fields.String(required=True)
    eligible = fields.Boolean(required=True)
    not_eligible_because = fields.List(fields.String(), required=True)
    outcome = fields.String(
        required=True, metadata={"enum": ["selected", "waitlisted", "left_out", "not_eligible"]}
    )
    left_out_because = fields.String(allow_none=True, required=True)
    rank_among_eligible = fields.Integer(allow_none=True, required=True)
    eligible_count = fields.Integer(allow_none=True, required=True)
    position = fields.Integer(
        allow_none=True, required=True, metadata={"description": "in the selected or waitlist"}
    )
    employee = fields.Nested(ParticipantSchema, allow_none=True, required=True)


class UnitCompetencySchema(FastSchema):
    competency_id = fields.String(required=True)
    name = fields.String(allow_none=True)
    total_weighted_gap = fields.Float(required=True)
    mean_gap = fields.Float()
    employees_with_gap = fields.Integer()
    employees_assessed = fields.Integer()


class UnderJpSchema(FastSchema):
    employee_id = fields.String(required=True)
    jp_this_year = fields.Integer(required=True)
    jp_remaining = fields.Integer(required=True)
    name = fields.String(allow_none=True, metadata={"description": "null without the column"})
    role_title = fields.String()
    unit_id = fields.String(metadata={"description": "the unit or one of its sub-units"})
    unit_name = fields.String()


class SubUnitSchema(FastSchema):
    unit_id = fields.String(required=True)
    name = fields.String()
    employees = fields.Integer(metadata={"description": "its own sub-units included"})


class ParentUnitSchema(FastSchema):
    unit_id = fields.String(required=True)
    name = fields.String()


class PositionGapSchema(FastSchema):
    competency_id = fields.String(required=True)
    competency_name = fields.String(allow_none=True)
    role_id = fields.String(required=True)
    role_title = fields.String()
    mean_weighted_gap = fields.Float(required=True)
    employees = fields.Integer(
        metadata={"description": "members holding the position, the competency in its standard"}
    )


class UnitProgramSchema(FastSchema):
    program_id = fields.String(required=True)
    title = fields.String(required=True)
    method = fields.String()
    start_date = fields.Date()
    duration_jp = fields.Integer()
    cost = fields.Float()
    expected_gain = fields.Float(required=True)
    employees_helped = fields.Integer()
    gain_per_million_rupiah = fields.Float(
        allow_none=True,
        metadata={"description": "expected_gain per Rp 1,000,000 of cost x employees_helped; "
                  "null for a free program"},
    )  # fmt: skip


class UnitNeedsSchema(FastSchema, LiveStateFields):
    unit_id = fields.String(required=True)
    name = fields.String()
    as_of = fields.Date()
    employees = fields.Integer()
    competencies = fields.List(fields.Nested(UnitCompetencySchema), required=True)
    employees_under_jp = fields.List(fields.Nested(UnderJpSchema), required=True)
    programs = fields.List(fields.Nested(UnitProgramSchema), required=True)
    sub_units = fields.List(
        fields.Nested(SubUnitSchema), metadata={"description": "units directly under this one"}
    )
    gaps_by_position = fields.List(fields.Nested(PositionGapSchema))
    parent_unit = fields.Nested(
        ParentUnitSchema,
        allow_none=True,
        metadata={"description": "the unit directly above this one; null for a top unit"},
    )
    model_version = fields.String(required=True)


class ScoreResultSchema(FastSchema):
    employee_id = fields.String(required=True)
    program_id = fields.String(required=True)
    score = fields.Float()
    completion_probability = fields.Float()
    expected_gain = fields.Float()
    in_audience = fields.Boolean()
    program_started = fields.Boolean()
    course_completed = fields.Boolean()
    enrolled = fields.Boolean()
    below_min_grade = fields.Boolean(
        metadata={"description": "rank below the program's min_grade (or none recorded)"}
    )
    under_sanction = fields.Boolean(
        metadata={"description": "a disciplinary sanction runs on the program's start"}
    )
    other_agency = fields.Boolean(
        metadata={"description": "the program is open to one agency only, not theirs"}
    )
    holds_course = fields.Boolean(
        metadata={
            "description": "approved, enrolled or completed (decision store) in a session of "
            "the program's course; absent while the store has never been readable"
        }
    )
    overlaps_held_session = fields.Boolean(
        metadata={
            "description": "approved or enrolled (decision store) in another course's session "
            "on overlapping days: an approval would be refused; absent while the store has "
            "never been readable"
        }
    )
    error = fields.Nested(ErrorDetailSchema)


class ScoreResponseSchema(FastSchema, LiveStateFields):
    model_version = fields.String(required=True)
    results = fields.List(fields.Nested(ScoreResultSchema), required=True)


class HistoryItemSchema(FastSchema):
    program_id = fields.String(required=True)
    title = fields.String(required=True)
    method = fields.String()
    start_date = fields.Date(allow_none=True)
    duration_jp = fields.Integer()
    enrolled_at = fields.Date(required=True)
    status = fields.String(required=True)


class TrainingHistorySchema(FastSchema):
    employee_id = fields.String(required=True)
    as_of = fields.Date()
    jp_this_year = fields.Integer(required=True)
    jp_remaining = fields.Integer()
    jp_by_category = fields.Nested(JpLedgerSchema)
    items = fields.List(
        fields.Nested(HistoryItemSchema),
        required=True,
        metadata={"description": "enrolments up to the bundle's snapshot, newest first"},
    )
    model_version = fields.String(required=True)
