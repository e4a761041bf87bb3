"""The list of upcoming programs (`/app/`); one program's page is `program_page`, its exports
`exports` (their views are on this blueprint, `web_programs`)."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from model.upcoming import SORTABLE
from service.actions import programs
from service.actions.programs import unit_choices
from service.auth import current_actor
from service.catalogue_schemas import UpcomingQuerySchema
from service.web.forms import query_args
from service.web.session_auth import require_role

bp = Blueprint("web_programs", __name__, url_prefix="/app")
require_role(bp)


@bp.get("/")
def upcoming():
    args = query_args(UpcomingQuerySchema, request.args)
    listing = programs.upcoming(current_actor(), **args)
    return render_template(
        "programs.html", listing=listing, args=args, months=programs.upcoming_months(),
        sortable=SORTABLE, units=unit_choices(current_actor()),
    )  # fmt: skip
