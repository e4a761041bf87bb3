"""The audit log page (`/app/audit`, admins only): newest first, filters since/until/actor,
paging by cursor. The same function as `GET /v1/audit`."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from werkzeug.datastructures import MultiDict

from service.auth import ADMIN
from service.decision_schemas import AuditQuerySchema
from service.routes.audit import audit_list
from service.web.forms import query_args
from service.web.session_auth import require_role

bp = Blueprint("web_audit", __name__, url_prefix="/app")
require_role(bp, ADMIN)


@bp.get("/audit")
def audit():
    given = MultiDict([(k, v) for k, v in request.args.items(multi=True) if v != ""])  # unset
    args = query_args(AuditQuerySchema, given)
    filters = {k: given[k] for k in ("since", "until", "actor", "limit") if k in given}
    return render_template("audit.html", page=audit_list(**args), filters=filters)
