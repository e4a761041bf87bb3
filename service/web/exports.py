"""The program page's list as a "daftar peserta" (CSV and XLSX) a letter can be made from.

The rows are those the page shows for the same query string (`service.actions.programs`, as
the participants route). Headings are in the page's language. A text cell starting with
= + - @ (or a tab or carriage return) is prefixed with ' so that a spreadsheet never runs it as
a formula (CSV injection); CSV is UTF-8 with a BOM so that Excel reads the names right.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from flask import request, send_file
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from model.spreadsheets import append_row, csv_row, text_cell
from service import metrics
from service.actions import programs
from service.auth import current_actor
from service.web import labels
from service.web.formats import day
from service.web.program_page import constraints
from service.web.programs import bp

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def roster(program_id: str) -> tuple[list[list[Any]], list[str], list[list[Any]]]:
    """(heading lines, column names, rows) of the program's list for the request's query."""
    chosen = programs.participants(current_actor(), program_id, constraints(request.args))
    metrics.selection_observed(chosen)
    program = programs.program_summary(program_id)
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
    heading, columns, rows = roster(program_id)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for line in [*heading, [], columns, *rows]:
        writer.writerow(csv_row(line))
    data = io.BytesIO(out.getvalue().encode("utf-8-sig"))
    return send_file(data, mimetype="text/csv; charset=utf-8", as_attachment=True,
                     download_name=_filename(program_id, "csv"))  # fmt: skip


@bp.get("/programs/<program_id>/participants.xlsx")
def participants_xlsx(program_id: str):
    heading, columns, rows = roster(program_id)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Participant list")[:31])
    for line in [*heading, [], columns]:
        append_row(sheet, line)
    for row in rows:
        append_row(sheet, _cells(sheet, row))
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return send_file(out, mimetype=XLSX, as_attachment=True,
                     download_name=_filename(program_id, "xlsx"))  # fmt: skip


def _cells(sheet, row: list[Any]) -> list[Any]:
    """A data row: text kept text, the probability as a percentage, the gain to 2 places."""
    cells = [text_cell(sheet, value) for value in row]
    probability = WriteOnlyCell(sheet, value=cells[5])
    probability.number_format = "0%"
    gain = WriteOnlyCell(sheet, value=cells[6])
    gain.number_format = "0.00"
    return [*cells[:5], probability, gain]
