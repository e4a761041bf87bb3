"""The append-only audit log of decisions and enrolment changes (admin role)."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint
from marshmallow import RAISE

import store
from service.auth import ADMIN, protect
from service.decision_schemas import AuditPageSchema, AuditQuerySchema
from service.decision_store import store_engine
from service.errors import ApiError

bp = Blueprint("audit", __name__, url_prefix="/v1", description="Audit log")
protect(bp, ADMIN)


@bp.get("/audit")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(AuditQuerySchema, location="query", unknown=RAISE)
@bp.response(200, AuditPageSchema)
def audit(args: dict):
    """Newest first; pass `next_cursor` as `cursor` for the next page (a cursor this log did
    not give out is 404)."""
    return audit_list(**args)


def audit_list(**args: Any) -> dict[str, Any]:
    """One page of the audit log (also the workspace's audit page); 404 for a cursor this log
    did not give out."""
    try:
        return store.audit_page(store_engine(), **args)
    except store.InvalidRowsError as error:  # the schema leaves one cause: the cursor
        raise ApiError(404, "not_found", "unknown cursor: not one this log gave out") from error
