"""API clients with their own keys (admin role): create (the key shown once), list, revoke."""

from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import RAISE

from service.account_schemas import (
    ApiClientCreatedSchema,
    ApiClientCreateSchema,
    ApiClientListSchema,
)
from service.actions import api_clients
from service.actions.users import ForbiddenError
from service.auth import ADMIN, protect
from service.decision_store import store_db
from service.request_schemas import NoQuerySchema
from service.routes.users import current_actor, forbidden_as_403, known_units

bp = Blueprint("api_clients", __name__, url_prefix="/v1", description="API clients")
protect(bp, ADMIN)


@bp.post("/api-clients")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(ApiClientCreateSchema)
@bp.response(201, ApiClientCreatedSchema)
def create(args: dict):
    """`key` is in this answer only (stored as a hash): a bearer token for `/v1`."""
    try:
        return api_clients.create_client(current_actor(), store_db(), args, known_units())
    except ForbiddenError as error:
        raise forbidden_as_403(error) from error


@bp.get("/api-clients")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(NoQuerySchema, location="query", unknown=RAISE)
@bp.response(200, ApiClientListSchema)
def index(_args: dict):
    """The clients whose keys work (revoked ones are not listed)."""
    try:
        return {"items": api_clients.list_clients(current_actor(), store_db())}
    except ForbiddenError as error:
        raise forbidden_as_403(error) from error


@bp.delete("/api-clients/<client_id>")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(NoQuerySchema, location="query", unknown=RAISE)
@bp.response(204)
def revoke(_args: dict, client_id: str):
    """Revoked at once: its key is refused (401) from the next request on; 404 if unknown."""
    try:
        api_clients.revoke_client(current_actor(), store_db(), client_id)
    except ForbiddenError as error:
        raise forbidden_as_403(error) from error
