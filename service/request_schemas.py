"""Schemas that validate every request; unknown fields are refused (422)."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from features import columns as col
from model.fairness_floor import ATTRIBUTES

MAX_K = 100
MAX_SCORE_PAIRS = 10_000
MAX_WAITLIST = 100
# Beyond any real program; bounded so the arithmetic of selection stays in range (a seat count
# of 10**400 does not fit a float; a budget near 1e308 divided by a cost under 1 overflows).
MAX_SEATS = 1_000_000
MAX_BUDGET = 1e15  # rupiah: more than ten years of Jakarta's whole budget
# documented as `allowEmptyValue` (service/api.py) for the fields `drop_empty` clears
UNSET_IF_EMPTY = {"empty_means_unset": True}


class JsonBoolean(fields.Boolean):
    """A JSON body's boolean: `true` or `false` only. marshmallow's default also takes 0, 1,
    "yes" and "on", so an HR system sending `"fill_without_gain": 0` meaning a count would get a
    silent `false`; a page's form values are turned into booleans before loading
    (`service.web.forms.query_args`)."""

    def _deserialize(self, value, attr, data, **kwargs) -> bool:
        # by identity: 0 == False and 1 == True, so a set of {True} would still take them
        if value is True or value is False:
            return value
        raise self.make_error("invalid", input=value)


class StrictSchema(ma.Schema):
    class Meta:
        unknown = ma.RAISE


class NoQuerySchema(StrictSchema):
    """For routes that take no query parameters: any given is refused, not silently ignored."""


class QueryStringSchema(StrictSchema):
    """A query string where an empty value means the parameter is not set (`?method=`), as HR
    systems often send unused form fields; such fields are marked `UNSET_IF_EMPTY`."""

    @ma.pre_load
    def drop_empty(self, data, **kwargs):
        return {key: value for key, value in data.items() if value != ""}


class RecommendationQuerySchema(QueryStringSchema):
    """`?k=10&method=&max_cost=`: an empty value means the filter is not set (as the contract
    writes the route, and as HR systems often send unused form fields)."""

    k = fields.Integer(load_default=10, validate=validate.Range(1, MAX_K), metadata=UNSET_IF_EMPTY)
    method = fields.String(validate=validate.OneOf(col.METHODS), metadata=UNSET_IF_EMPTY)
    max_cost = fields.Float(
        validate=validate.Range(min=0), allow_nan=False, metadata=UNSET_IF_EMPTY
    )
    # programs meant for other positions or career stages are left out unless asked for
    include_outside_audience = fields.Boolean(load_default=False, metadata=UNSET_IF_EMPTY)
    # the planner's policy (docs/rules.md); absent: the default /v1/model states
    next_position_weight = fields.Float(
        validate=validate.Range(0, 1),
        allow_nan=False,
        metadata={**UNSET_IF_EMPTY, "description": "how much the next position's gaps count "
                  "(0 off, 1 as much as today's); default in /v1/model"},
    )  # fmt: skip


class FairnessSchema(StrictSchema):
    """A fairness floor (`model.fairness_floor`): each group of `attribute` gets at least
    `min_ratio` of the seats it would get at equal chances (0.8: the four-fifths rule)."""

    attribute = fields.String(required=True, validate=validate.OneOf(ATTRIBUTES))
    min_ratio = fields.Float(
        required=True,
        allow_nan=False,
        validate=validate.Range(0, 1, min_inclusive=False),
        # apispec writes the range's minimum but not that 0 is excluded (OpenAPI 3.0: a flag)
        metadata={"exclusiveMinimum": True},
    )


class ParticipantsRequestSchema(StrictSchema):
    seats = fields.Integer(validate=validate.Range(0, MAX_SEATS))
    budget = fields.Float(validate=validate.Range(0, MAX_BUDGET), allow_nan=False)
    unit_ids = fields.List(fields.String(), validate=validate.Length(min=1))
    max_per_unit = fields.Integer(validate=validate.Range(1, MAX_SEATS))
    min_completion_probability = fields.Float(validate=validate.Range(0, 1), allow_nan=False)
    exclude_employee_ids = fields.List(fields.String(), load_default=list)
    waitlist_size = fields.Integer(load_default=10, validate=validate.Range(0, MAX_WAITLIST))
    include_outside_audience = JsonBoolean(load_default=False)
    # seats no one with a measured need can take stay open unless the planner fills them
    fill_without_gain = JsonBoolean(load_default=False)
    # absent: the agency's default floor (if any); null: no floor (audited when one is set)
    fairness = fields.Nested(
        FairnessSchema,
        allow_none=True,
        metadata={"description": "absent: the agency's default floor; null: none"},
    )


class WhyNotRequestSchema(ParticipantsRequestSchema):
    """The participants body, and the employee asked about."""

    employee_id = fields.String(required=True, validate=validate.Length(1, 64))


class PairSchema(StrictSchema):
    employee_id = fields.String(required=True)
    program_id = fields.String(required=True)


PAIR_KEYS = frozenset({"employee_id", "program_id"})


class PairList(fields.List):
    """A list of `PairSchema`, loaded without a nested schema load per pair when every pair is
    well formed (two string ids, nothing else): the same result, 10,000 pairs in a few ms
    instead of ~50. Anything else takes marshmallow's path, with its errors."""

    def _deserialize(self, value, attr, data, **kwargs):
        if type(value) is list and all(_plain_pair(pair) for pair in value):
            return [{"employee_id": p["employee_id"], "program_id": p["program_id"]} for p in value]
        return super()._deserialize(value, attr, data, **kwargs)


def _plain_pair(pair: object) -> bool:
    return (
        type(pair) is dict
        and pair.keys() == PAIR_KEYS
        and type(pair["employee_id"]) is str
        and type(pair["program_id"]) is str
    )


class ScoreRequestSchema(StrictSchema):
    pairs = PairList(
        fields.Nested(PairSchema),
        required=True,
        validate=validate.Length(1, MAX_SCORE_PAIRS),
    )
