"""A unit's page: needs as a heat map, who is short of 20 JP, the programs that close most
of its gap, its sub-units; and the XLSX export of its needs.

The same function as `GET /v1/units/<unit_id>/needs` (`model.unit_needs`), sub-units in.
"""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, render_template, send_file

from model.unit_needs import unit_needs
from service.current_engine import engine
from service.decision_store import current_live
from service.web.people_charts import needs_heat_map
from service.web.session_auth import require_role
from service.web.unit_export import XLSX, needs_workbook

SHOWN_UNDER_JP = 100  # rows of the page; the export lists everyone

bp = Blueprint("web_units", __name__, url_prefix="/app")
require_role(bp)


@bp.get("/units/<unit_id>")
def unit(unit_id: str):
    needs = _needs(unit_id)
    return render_template("unit.html", needs=needs, shown_under_jp=SHOWN_UNDER_JP,
                           heat_map=needs_heat_map(needs["gaps_by_position"]))  # fmt: skip


@bp.get("/units/<unit_id>/needs.xlsx")
def needs_xlsx(unit_id: str):
    workbook = needs_workbook(_needs(unit_id))
    return send_file(BytesIO(workbook), mimetype=XLSX, as_attachment=True,
                     download_name=f"needs-{unit_id}.xlsx")  # fmt: skip


def _needs(unit_id: str) -> dict:
    current = engine()
    return unit_needs(current, unit_id, current_live(current))
