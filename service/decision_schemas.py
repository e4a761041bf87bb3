"""Schemas of the decision store's routes (CONTRACT section 4): nominations, decisions,
enrolments and the audit log. Requests refuse unknown fields (422)."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from features import columns as col
from service.request_schemas import (
    MAX_BUDGET,
    JsonBoolean,
    ParticipantsRequestSchema,
    StrictSchema,
)

MAX_NOMINATED = 10_000
MAX_DECISIONS = 1_000  # per request; with reasons of 500 characters well under 2 MiB
MAX_ENROLLMENT_ROWS = 10_000
MAX_AUDIT_LIMIT = 500
ID_LENGTH = validate.Length(1, 64)  # the store's id columns
NOTE_LENGTH = validate.Length(max=2000)


# --- requests ---------------------------------------------------------------------------
class NominationRequestSchema(StrictSchema):
    """Either `employee_ids` (scored as shown, in this order) or a `selection` (the participants
    body; its selected employees are nominated). `budget` (else the selection's) caps the
    approved seats x the program's cost."""

    employee_ids = fields.List(
        fields.String(validate=ID_LENGTH),
        validate=validate.Length(1, MAX_NOMINATED),
        metadata={"uniqueItems": True},
    )
    selection = fields.Nested(ParticipantsRequestSchema)
    note = fields.String(validate=NOTE_LENGTH, allow_none=True)
    budget = fields.Float(validate=validate.Range(0, MAX_BUDGET), allow_nan=False)
    # employee_ids only (a selection says it in its own body): nominate on purpose people
    # outside the program's audience; without it they are refused, like a completed course
    include_outside_audience = JsonBoolean(load_default=False)

    @ma.validates_schema
    def one_source(self, data: dict, **_kwargs) -> None:
        if ("employee_ids" in data) == ("selection" in data):
            message = "give either employee_ids or selection"
            raise ma.ValidationError(message, "employee_ids")
        ids = data.get("employee_ids") or []
        if len(set(ids)) != len(ids):
            raise ma.ValidationError("the same employee is listed twice", "employee_ids")


class DecisionSchema(StrictSchema):
    employee_id = fields.String(required=True, validate=ID_LENGTH)
    decision = fields.String(required=True, validate=validate.OneOf(("approved", "rejected")))
    reason = fields.String(validate=validate.Length(max=500), allow_none=True)


class DecisionsRequestSchema(StrictSchema):
    """One decision per employee (an employee decided twice in one request is a 409)."""

    decisions = fields.List(
        fields.Nested(DecisionSchema), required=True, validate=validate.Length(1, MAX_DECISIONS)
    )


class EnrollmentRowSchema(StrictSchema):
    """A row of the contract's enrollments table; the store checks it like the export."""

    employee_id = fields.String(required=True, validate=ID_LENGTH)
    program_id = fields.String(required=True, validate=ID_LENGTH)
    enrolled_at = fields.Date(required=True)
    status = fields.String(required=True, validate=validate.OneOf(col.STATUSES))
    pre_score = fields.Float(allow_none=True, allow_nan=False, validate=validate.Range(0, 100))
    post_score = fields.Float(allow_none=True, allow_nan=False, validate=validate.Range(0, 100))
    reaction_score = fields.Float(allow_none=True, allow_nan=False, validate=validate.Range(1, 5))
    behavior_score = fields.Float(allow_none=True, allow_nan=False, validate=validate.Range(1, 5))


class EnrollmentsRequestSchema(StrictSchema):
    enrollments = fields.List(
        fields.Nested(EnrollmentRowSchema),
        required=True,
        validate=validate.Length(1, MAX_ENROLLMENT_ROWS),
    )


class AuditQuerySchema(StrictSchema):
    since = fields.AwareDateTime(metadata={"description": "inclusive, with a time zone"})
    until = fields.AwareDateTime(metadata={"description": "exclusive, with a time zone"})
    actor = fields.String(validate=validate.Length(1, 200))
    employee_id = fields.String(
        validate=ID_LENGTH, metadata={"description": "only the entries about this employee"}
    )
    limit = fields.Integer(load_default=50, validate=validate.Range(1, MAX_AUDIT_LIMIT))
    cursor = fields.String(validate=validate.Length(1, 100))


# --- responses --------------------------------------------------------------------------
class NominationItemSchema(ma.Schema):
    employee_id = fields.String(required=True)
    unit_id = fields.String(allow_none=True)
    rank = fields.Integer(required=True)
    score = fields.Float(allow_none=True)
    completion_probability = fields.Float(allow_none=True)
    expected_gain = fields.Float(allow_none=True)
    reasons = fields.List(fields.String(), required=True)
    model_version = fields.String(required=True)
    decision = fields.String(allow_none=True, required=True)
    reason = fields.String(allow_none=True)
    decided_by = fields.String(allow_none=True)
    decided_at = fields.DateTime(allow_none=True)


class NominationSchema(ma.Schema):
    nomination_id = fields.String(required=True)
    program_id = fields.String(required=True)
    status = fields.String(required=True)
    note = fields.String(allow_none=True)
    budget = fields.Float(allow_none=True)
    include_outside_audience = fields.Boolean()
    model_version = fields.String(required=True)
    created_by = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)
    items = fields.List(fields.Nested(NominationItemSchema), required=True)


class NominationListSchema(ma.Schema):
    program_id = fields.String(required=True)
    items = fields.List(fields.Nested(NominationSchema), required=True)


class EnrollmentsResultSchema(ma.Schema):
    created = fields.Integer(required=True)
    updated = fields.Integer(required=True)
    unchanged = fields.Integer(required=True)


class AuditEntrySchema(ma.Schema):
    id = fields.Integer(required=True)
    at = fields.DateTime(required=True)
    actor = fields.String(required=True)
    action = fields.String(required=True)
    entity = fields.String(required=True)
    entity_id = fields.String(required=True)
    before = fields.Raw(allow_none=True)
    after = fields.Raw(allow_none=True)
    model_version = fields.String(allow_none=True)


class AuditPageSchema(ma.Schema):
    items = fields.List(fields.Nested(AuditEntrySchema), required=True)
    next_cursor = fields.String(allow_none=True, required=True)


# JSON Schema says "exactly one of employee_ids and selection" where marshmallow cannot.
ONE_SOURCE = {"oneOf": [{"required": ["employee_ids"]}, {"required": ["selection"]}]}


def document_choices(components: dict[str, dict]) -> None:
    """Add to the OpenAPI components what `validates_schema` checks (clients and fuzzers read
    it there)."""
    components["NominationRequest"].update(ONE_SOURCE)
