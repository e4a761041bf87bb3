"""Schemas of `GET /v1/programs`: the upcoming programs with seats and nominations."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from features import columns as col
from model.upcoming import FULL, OPEN, SORTABLE
from service.request_schemas import UNSET_IF_EMPTY, QueryStringSchema
from service.response_schemas import LiveStateFields


class UpcomingQuerySchema(QueryStringSchema):
    """`?month=2027-03&method=&unit_id=&sort=start_date&order=asc`; empty means unset."""

    month = fields.String(
        validate=validate.Regexp(r"^\d{4}-(0[1-9]|1[0-2])$", error="must be YYYY-MM"),
        metadata=UNSET_IF_EMPTY,
    )
    method = fields.String(validate=validate.OneOf(col.METHODS), metadata=UNSET_IF_EMPTY)
    unit_id = fields.String(validate=validate.Length(1, 100), metadata=UNSET_IF_EMPTY)
    sort = fields.String(
        load_default="start_date", validate=validate.OneOf(SORTABLE), metadata=UNSET_IF_EMPTY
    )
    order = fields.String(
        load_default="asc", validate=validate.OneOf(("asc", "desc")), metadata=UNSET_IF_EMPTY
    )


class UpcomingProgramSchema(ma.Schema):
    program_id = fields.String(required=True)
    title = fields.String(required=True)
    method = fields.String(required=True)
    start_date = fields.Date(required=True)
    duration_jp = fields.Integer(required=True)
    cost = fields.Float(required=True)
    capacity = fields.Integer(required=True)
    free_seats = fields.Integer(required=True, metadata={"description": "capacity less seats"
                                " approved or enrolled"})  # fmt: skip
    provider = fields.String(allow_none=True)
    location = fields.String(allow_none=True)
    nominated = fields.Integer(
        allow_none=True, metadata={"description": "null while the decision store is down"}
    )
    approved = fields.Integer(allow_none=True)
    status = fields.String(required=True, validate=validate.OneOf((OPEN, FULL)))


class UpcomingProgramsSchema(ma.Schema, LiveStateFields):
    model_version = fields.String(required=True)
    as_of = fields.Date(required=True, metadata={"description": "the data snapshot date"})
    items = fields.List(fields.Nested(UpcomingProgramSchema), required=True)
