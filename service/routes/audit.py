"""The append-only audit log of decisions and enrolment changes (admin role)."""

from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import RAISE

from service.actions.audit import audit_page
from service.auth import ADMIN, current_actor, protect
from service.decision_schemas import AuditPageSchema, AuditQuerySchema

bp = Blueprint("audit", __name__, url_prefix="/v1", description="Audit log")
protect(bp, ADMIN)


@bp.get("/audit")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(AuditQuerySchema, location="query", unknown=RAISE)
@bp.response(200, AuditPageSchema)
def audit(args: dict):
    """Newest first; pass `next_cursor` as `cursor` for the next page (a cursor this log did
    not give out is 404)."""
    return audit_page(current_actor(), **args)
