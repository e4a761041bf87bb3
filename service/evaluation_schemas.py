"""Request and response schemas of program evaluation (`service/routes/evaluation.py`)."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from features import columns as col
from service.request_schemas import UNSET_IF_EMPTY, QueryStringSchema

Number = fields.Float  # every estimate may be null: nothing is invented


def _num() -> fields.Float:
    return Number(allow_none=True, required=True)


class CourseRankingQuerySchema(QueryStringSchema):
    """`?method=&provider=`: an empty value means no filter."""

    method = fields.String(validate=validate.OneOf(col.METHODS), metadata=UNSET_IF_EMPTY)
    provider = fields.String(validate=validate.Length(1, 200), metadata=UNSET_IF_EMPTY)


class ReasonsSchema(ma.Schema):
    dropped = fields.Integer(required=True)
    failed = fields.Integer(required=True)
    no_show = fields.Integer(required=True)


class CompletionSchema(ma.Schema):
    rate = _num()
    n = fields.Integer(required=True, metadata={"description": "enrolments with an outcome"})
    n_enrolled = fields.Integer()
    n_completed = fields.Integer()
    reasons = fields.Nested(ReasonsSchema)


class ReactionSchema(ma.Schema):
    mean = _num()
    sd = Number(allow_none=True)
    n = fields.Integer(required=True)
    response_rate = Number(allow_none=True)


class IntervalSchema(ma.Schema):
    mean = _num()
    ci_low = _num()
    ci_high = _num()


class LearningGainSchema(IntervalSchema):
    """`mean` is the course-level normalised gain <g> since issue 22 (before: the mean of
    each participant's own normalised gain)."""

    n = fields.Integer(required=True)
    pre_mean = Number(allow_none=True, metadata={"description": "mean pre-test score (0-100)"})
    post_mean = Number(allow_none=True, metadata={"description": "mean post-test score"})
    method = fields.String()


class BehaviorChangeSchema(ma.Schema):
    effect = _num()
    ci_low = _num()
    ci_high = _num()
    n_participants = fields.Integer(required=True)
    n_comparison = fields.Integer(required=True)
    n_measured = fields.Integer()
    naive_before_after = fields.Nested(IntervalSchema)
    method = fields.String()
    se = Number(allow_none=True, metadata={"description": "standard error, clustered by person"})
    n_changes = fields.Integer(
        metadata={"description": "participants' rating changes the effect is estimated from"}
    )


class CostSchema(ma.Schema):
    per_participant = Number(allow_none=True)
    per_unit_effect = Number(allow_none=True)
    effect_per_million = Number(allow_none=True)
    effect_per_million_ci_low = Number(allow_none=True)
    effect_per_million_ci_high = Number(allow_none=True)


class EvidenceSchema(ma.Schema):
    status = fields.String(required=True, validate=validate.OneOf(("sufficient", "insufficient")))
    reason = fields.String(required=True)
    smallest_effect = Number(
        allow_none=True,
        metadata={
            "description": "the smallest level 3 effect worth acting on (levels): a wider"
            " 95% interval is not enough evidence (setting EVALUATION_SMALLEST_EFFECT)"
        },
    )


class ResultsSchema(ma.Schema):
    label = fields.String(required=True)
    indicators = fields.List(fields.String())
    before_until = fields.Date()
    many_means = fields.String()
    n_units_sent_many = fields.Integer()
    n_units_sent_none = fields.Integer()
    difference = Number(allow_none=True)
    ci_low = Number(allow_none=True)
    ci_high = Number(allow_none=True)
    reason = fields.String(allow_none=True)


class GroupEvaluationSchema(ma.Schema):
    completion = fields.Nested(CompletionSchema, required=True)
    reaction = fields.Nested(ReactionSchema, required=True)
    learning_gain = fields.Nested(LearningGainSchema, required=True)
    behavior_change = fields.Nested(BehaviorChangeSchema, required=True)
    cost = fields.Nested(CostSchema)
    evidence = fields.Nested(EvidenceSchema, required=True)


class MethodEvaluationSchema(GroupEvaluationSchema):
    method = fields.String(required=True)


class ProviderEvaluationSchema(GroupEvaluationSchema):
    provider = fields.String(required=True)


class RankedCourseSchema(ma.Schema):
    course = fields.String(required=True)
    method = fields.String()
    provider = fields.String()
    rank = fields.Integer(allow_none=True, required=True)
    effect = _num()
    effect_ci_low = _num()
    effect_ci_high = _num()
    n_participants = fields.Integer(required=True)
    n_comparison = fields.Integer(required=True)
    cost_per_participant = Number(allow_none=True)
    effect_per_million = Number(allow_none=True)
    effect_per_million_ci_low = Number(allow_none=True)
    effect_per_million_ci_high = Number(allow_none=True)
    evidence = fields.String(required=True)
    evidence_reason = fields.String(required=True)
    rank_ci_low = fields.Integer(
        allow_none=True,
        metadata={"description": "best rank within the 95% range of ranks the data allow"},
    )
    rank_ci_high = fields.Integer(
        allow_none=True,
        metadata={"description": "worst rank within the 95% range of ranks the data allow"},
    )
    p_ahead_of_next = Number(
        allow_none=True,
        metadata={
            "description": "probability that this course's effect per rupiah is truly above"
            " that of the next ranked one"
        },
    )


class ProgramEvaluationSchema(GroupEvaluationSchema):
    program_id = fields.String(required=True)
    course = fields.String(required=True)
    model_version = fields.String(required=True)
    as_of = fields.Date(required=True)
    results = fields.Nested(ResultsSchema, allow_none=True, required=True)
    by_method = fields.List(fields.Nested(MethodEvaluationSchema), required=True)
    by_provider = fields.List(fields.Nested(ProviderEvaluationSchema))
    methods_ranked = fields.List(fields.Nested(RankedCourseSchema))


class CourseRankingSchema(ma.Schema):
    model_version = fields.String(required=True)
    as_of = fields.Date(required=True)
    method = fields.String(allow_none=True)
    provider = fields.String(allow_none=True)
    rule = fields.String()
    items = fields.List(fields.Nested(RankedCourseSchema), required=True)
    smallest_effect = Number(allow_none=True)
    certainty = fields.String(
        metadata={"description": "how sure the ranking is, in words (from the rank ranges)"}
    )
