"""Schemas of the accounts routes (CONTRACT section 5): users and API clients. Requests refuse
unknown fields (422); a password or key hash never appears in an answer."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from service.request_schemas import StrictSchema
from store.accounts import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, USERNAME_PATTERN
from store.tables import CLIENT_ROLES, USER_ROLES

MAX_UNITS = 1000
UNIT_IDS_DOC = "the scope: these units and every unit below them; absent or null: everyone"


def _unit_ids(**kwargs) -> fields.List:
    return fields.List(
        fields.String(validate=validate.Length(1, 64)),
        validate=validate.Length(1, MAX_UNITS),
        metadata={"description": UNIT_IDS_DOC},
        **kwargs,
    )


PASSWORD = {"validate": validate.Length(MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH)}
DISPLAY_NAME = {"validate": validate.Length(max=200), "allow_none": True}


# --- requests ---------------------------------------------------------------------------
class UserCreateSchema(StrictSchema):
    # Regexp documents the pattern; fullmatch also refuses a trailing newline, which `$` allows
    username = fields.String(
        required=True,
        validate=[validate.Regexp(USERNAME_PATTERN), lambda v: bool(USERNAME_PATTERN.fullmatch(v))],
    )
    display_name = fields.String(**DISPLAY_NAME)
    role = fields.String(required=True, validate=validate.OneOf(USER_ROLES))
    unit_ids = _unit_ids(allow_none=True)
    password = fields.String(required=True, **PASSWORD)


class UserPatchSchema(StrictSchema):
    """Only the fields given change. `unit_ids: null` widens the scope to everyone. A new
    password or `active: false` signs the user out everywhere at once."""

    active = fields.Boolean()
    role = fields.String(validate=validate.OneOf(USER_ROLES))
    unit_ids = _unit_ids(allow_none=True)
    password = fields.String(**PASSWORD)
    display_name = fields.String(**DISPLAY_NAME)

    @ma.validates_schema
    def something(self, data: dict, **_kwargs) -> None:
        if not data:
            raise ma.ValidationError("give at least one field to change", "_schema")


class ApiClientCreateSchema(StrictSchema):
    name = fields.String(required=True, validate=validate.Length(1, 200))
    role = fields.String(required=True, validate=validate.OneOf(CLIENT_ROLES))
    unit_ids = _unit_ids(allow_none=True)


# --- responses --------------------------------------------------------------------------
class UserSchema(ma.Schema):
    username = fields.String(required=True)
    display_name = fields.String(allow_none=True, required=True)
    role = fields.String(required=True)
    unit_ids = fields.List(fields.String(), allow_none=True, required=True)
    active = fields.Boolean(required=True)
    last_sign_in_at = fields.DateTime(allow_none=True)


class UserListSchema(ma.Schema):
    items = fields.List(fields.Nested(UserSchema), required=True)


class ApiClientSchema(ma.Schema):
    client_id = fields.String(required=True)
    name = fields.String(required=True)
    role = fields.String(required=True)
    unit_ids = fields.List(fields.String(), allow_none=True, required=True)
    created_at = fields.DateTime()


class ApiClientCreatedSchema(ApiClientSchema):
    key = fields.String(
        required=True,
        metadata={"description": "the bearer token: shown in this answer only, stored hashed"},
    )


class ApiClientListSchema(ma.Schema):
    items = fields.List(fields.Nested(ApiClientSchema), required=True)
