"""Liveness and readiness (open routes)."""

from __future__ import annotations

from flask import current_app
from flask_smorest import Blueprint

from service.errors import ApiError
from service.response_schemas import ErrorSchema, HealthSchema, ReadySchema

bp = Blueprint("health", __name__, description="Liveness and readiness")


@bp.get("/healthz")
@bp.response(200, HealthSchema)
def healthz():
    return {"status": "ok"}


@bp.get("/readyz")
@bp.response(200, ReadySchema)
@bp.alt_response(503, schema=ErrorSchema, description="No model bundle is loaded yet")
def readyz():
    engine = current_app.extensions["tna_holder"].engine
    if engine is None:
        raise ApiError(503, "not_ready", "no model bundle is loaded yet")
    return {"status": "ready", "version": engine.version}
