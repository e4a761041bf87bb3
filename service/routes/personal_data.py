"""Everything held about one employee (admin role): what an admin hands a person who asks."""

from __future__ import annotations

import marshmallow as ma
from flask import g
from flask_smorest import Blueprint
from marshmallow import RAISE, fields

from service.actions.personal_data import personal_data as personal_data_of
from service.auth import ADMIN, protect
from service.current_engine import engine
from service.decision_store import store_db
from service.request_schemas import NoQuerySchema

bp = Blueprint("personal_data", __name__, url_prefix="/v1", description="Personal data")
protect(bp, ADMIN)


class PersonalDataSchema(ma.Schema):
    employee_id = fields.String(required=True)
    model_version = fields.String(required=True)
    profile = fields.Dict(required=True)
    history = fields.Dict(required=True)
    nominations = fields.List(fields.Dict(), required=True)
    enrollments = fields.List(fields.Dict(), required=True)
    audit = fields.List(fields.Dict(), required=True)


@bp.get("/employees/<employee_id>/personal-data")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(NoQuerySchema, location="query", unknown=RAISE)
@bp.response(200, PersonalDataSchema)
def personal_data(_args: dict, employee_id: str):
    """The profile and gaps, training history, nominations and decisions, enrolments and the
    audit entries about this employee (this request is itself recorded)."""
    return personal_data_of(g.principal, engine(), store_db(), employee_id)
