"""A unit's page: needs as a heat map, who is short of 20 JP, the programs that close most
of its gap, its sub-units; and the XLSX export of its needs.

The same action as `GET /v1/units/<unit_id>/needs` (`service.actions.units`), sub-units in.
"""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, render_template, send_file

from service.actions import units
from service.auth import current_actor
from service.exports.unit_needs import XLSX, needs_workbook
from service.web.people_charts import needs_heat_map
from service.web.session_auth import require_role

SHOWN_UNDER_JP = 100  # rows of the page; the export lists everyone

bp = Blueprint("web_units", __name__, url_prefix="/app")
require_role(bp)


@bp.get("/units/<unit_id>")
def unit(unit_id: str):
    needs = units.needs(current_actor(), unit_id)
    return render_template("unit.html", needs=needs, shown_under_jp=SHOWN_UNDER_JP,
                           heat_map=needs_heat_map(needs["gaps_by_position"]))  # fmt: skip


@bp.get("/units/<unit_id>/needs.xlsx")
def needs_xlsx(unit_id: str):
    workbook = needs_workbook(units.needs(current_actor(), unit_id))
    return send_file(BytesIO(workbook), mimetype=XLSX, as_attachment=True,
                     download_name=f"needs-{unit_id}.xlsx")  # fmt: skip
