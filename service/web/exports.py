"""The program page's list as a "daftar peserta" (CSV and XLSX) a letter can be made from.

The rows are those the page shows for the same query string (`service.actions.programs`, as
the participants route). Headings are in the page's language. The files are built by
`service.exports.participants`, every cell through the formula guard (CSV injection).
"""

from __future__ import annotations

import io
import re
from typing import Any

from flask import request, send_file
from flask_babel import gettext as _

from service import metrics
from service.actions import programs
from service.auth import current_actor
from service.exports.participants import participant_list_csv, participant_list_workbook
from service.exports.unit_needs import XLSX
from service.web import labels
from service.web.formats import day
from service.web.program_page import constraints
from service.web.programs import bp

_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def roster(program_id: str) -> tuple[list[list[Any]], list[str], list[list[Any]]]:
    """(heading lines, column names, rows) of the program's list for the request's query."""
    asked = programs.roster(current_actor(), program_id, constraints(request.args))
    chosen, program = metrics.observe_selection(asked.chosen), asked.program
    heading = [
        [_("Participant list")],
        [_("Program"), program["title"]],
        [_("Date"), day(program["start_date"])],
        [_("Method"), labels.label(labels.METHODS, program["method"])],
        [_("JP"), program["duration_jp"]],
    ]
    columns = [_("No"), _("Name"), _("NIP"), _("Position"), _("Work unit"),
               _("Completion probability"), _("Expected gain")]  # fmt: skip
    return heading, columns, [_row(item) for item in chosen["selected"]]


def _row(item: dict[str, Any]) -> list[Any]:
    return [
        item["rank"],
        item.get("name") or "",
        item["employee_id"],
        item.get("role_title"),
        item.get("unit_name"),
        round(float(item["completion_probability"]), 4),
        round(float(item["expected_gain"]), 4),
    ]


def _filename(program_id: str, extension: str) -> str:
    return f"daftar-peserta-{_UNSAFE_NAME.sub('_', program_id)}.{extension}"


@bp.get("/programs/<program_id>/participants.csv")
def participants_csv(program_id: str):
    data = io.BytesIO(participant_list_csv(*roster(program_id)))
    return send_file(data, mimetype="text/csv; charset=utf-8", as_attachment=True,
                     download_name=_filename(program_id, "csv"))  # fmt: skip


@bp.get("/programs/<program_id>/participants.xlsx")
def participants_xlsx(program_id: str):
    out = io.BytesIO(participant_list_workbook(_("Participant list"), *roster(program_id)))
    return send_file(out, mimetype=XLSX, as_attachment=True,
                     download_name=_filename(program_id, "xlsx"))  # fmt: skip
