"""The list of upcoming programs (`/app/`); one program's page is `program_page`, its exports
`exports` (their views are on this blueprint, `web_programs`)."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from model.upcoming import SORTABLE, upcoming_starts
from service.catalogue_schemas import UpcomingQuerySchema
from service.current_engine import engine
from service.routes.programs import upcoming_list
from service.web.forms import query_args
from service.web.session_auth import require_role

bp = Blueprint("web_programs", __name__, url_prefix="/app")
require_role(bp)


@bp.get("/")
def upcoming():
    args = query_args(UpcomingQuerySchema, request.args)
    listing = upcoming_list(**args)
    months = sorted({start.strftime("%Y-%m") for start in upcoming_starts(engine())})
    return render_template(
        "programs.html", listing=listing, args=args, months=months, sortable=SORTABLE,
        units=unit_choices(),
    )  # fmt: skip


def unit_choices() -> list[dict[str, str]]:
    """Every unit of the snapshot, by name, for a filter."""
    directory = engine().directory
    ids = sorted(directory.units)
    names = [str(directory.unit_names.get(u, u)) for u in ids]
    return sorted(
        ({"unit_id": u, "name": n} for u, n in zip(ids, names, strict=True)),
        key=lambda unit: unit["name"],
    )
