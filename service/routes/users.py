"""Users who sign in to the workspace (admin role): create, list, change (CONTRACT section 5)."""

from __future__ import annotations

from flask import current_app, g
from flask_smorest import Blueprint
from marshmallow import RAISE

from service.account_schemas import UserCreateSchema, UserListSchema, UserPatchSchema, UserSchema
from service.actions import users
from service.actions.actor import Actor
from service.auth import ADMIN, protect
from service.decision_store import store_db
from service.errors import ApiError
from service.request_schemas import NoQuerySchema

bp = Blueprint("users", __name__, url_prefix="/v1", description="Users")
protect(bp, ADMIN)


def current_actor() -> Actor:
    """The authenticated actor of this request (set by `protect` or the workspace's session)."""
    return g.principal


def known_units() -> set[str] | None:
    """The unit ids of the serving data (None before a bundle is loaded: nothing to check)."""
    engine = current_app.extensions["tna_holder"].engine
    return None if engine is None else engine.directory.units


def forbidden_as_403(error: users.ForbiddenError) -> ApiError:
    return ApiError(403, "forbidden", str(error))


@bp.post("/users")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(UserCreateSchema)
@bp.response(201, UserSchema)
def create(args: dict):
    """A new user; 409 when the username is taken, 422 for a unit the data does not know."""
    try:
        return users.create_user(current_actor(), store_db(), args, known_units())
    except users.ForbiddenError as error:
        raise forbidden_as_403(error) from error


@bp.get("/users")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(NoQuerySchema, location="query", unknown=RAISE)
@bp.response(200, UserListSchema)
def index(_args: dict):
    try:
        return {"items": users.list_users(current_actor(), store_db())}
    except users.ForbiddenError as error:
        raise forbidden_as_403(error) from error


@bp.patch("/users/<username>")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(UserPatchSchema)
@bp.response(200, UserSchema)
def update(args: dict, username: str):
    """Change `active`, `role`, `unit_ids`, `password` or `display_name`; 404 if unknown."""
    try:
        return users.update_user(current_actor(), store_db(), username, args, known_units())
    except users.ForbiddenError as error:
        raise forbidden_as_403(error) from error
