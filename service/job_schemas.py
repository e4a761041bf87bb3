"""The schemas of jobs (`/v1/jobs`) and of the work that runs as one (imports, trainings)."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from service.request_schemas import StrictSchema
from store.tables import JOB_STATUSES

JOB_KINDS = ("plan", "import", "training")


class JobErrorSchema(ma.Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)


class JobSchema(ma.Schema):
    job_id = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(JOB_KINDS))
    status = fields.String(required=True, validate=validate.OneOf(JOB_STATUSES))
    progress = fields.Float(required=True, metadata={"minimum": 0, "maximum": 1})
    stage = fields.String(allow_none=True)
    owner = fields.String()
    created_at = fields.DateTime(required=True)
    started_at = fields.DateTime(allow_none=True)
    finished_at = fields.DateTime(allow_none=True)
    result = fields.Dict(
        allow_none=True,
        metadata={"description": "a plan job: the plan (GET /v1/plans/<plan_id>); an import: "
                  "the tables found or the one error; a training: the bundle and the gate"},
    )  # fmt: skip
    error = fields.Nested(JobErrorSchema)


class AcceptedJobSchema(ma.Schema):
    """The answer of a POST that starts a job (202, `Location: /v1/jobs/<job_id>`)."""

    job_id = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(JOB_STATUSES))


class JobListQuerySchema(StrictSchema):
    limit = fields.Integer(load_default=20, validate=validate.Range(1, 100))


class JobListSchema(ma.Schema):
    items = fields.List(fields.Nested(JobSchema), required=True)


class TrainingRequestSchema(StrictSchema):
    import_id = fields.String(
        validate=validate.Length(1, 64),
        metadata={"description": "a succeeded import job's id; absent: DATA_DIR"},
    )
