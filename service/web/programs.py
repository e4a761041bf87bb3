"""The list of upcoming programs (`/app/`); one program's page is `program_page`, its exports
`exports` (their views are on this blueprint, `web_programs`)."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from model.upcoming import SORTABLE
from service.actions import programs
from service.auth import current_actor
from service.catalogue_schemas import UpcomingQuerySchema
from service.web.forms import query_args
from service.web.session_auth import require_role

bp = Blueprint("web_programs", __name__, url_prefix="/app")
require_role(bp)


@bp.get("/")
def upcoming():
    args = query_args(UpcomingQuerySchema, request.args)
    shown = programs.upcoming_overview(current_actor(), **args)
    return render_template(
        "programs.html", listing=shown.listing, args=args, months=shown.months,
        sortable=SORTABLE, units=shown.units,
    )  # fmt: skip
