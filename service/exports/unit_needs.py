"""A unit's needs as an XLSX workbook (openpyxl, write-only): competencies, who is short of
JP, programs, and the competency x position gaps; headers in the page's language.

A cell that a spreadsheet would read as a formula (a title starting with `=`, say) is written
as text, so an export never runs what a data row holds.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from openpyxl import Workbook

from service.exports.cells import append_row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def needs_workbook(needs: Mapping[str, Any]) -> bytes:
    """The XLSX bytes of a unit needs answer (`model.unit_needs.unit_needs`)."""
    book = Workbook(write_only=True)
    sheets = [
        (_("Competencies"), [("competency_id", _("Competency ID")), ("name", _("Competency")),
         ("total_weighted_gap", _("Total weighted gap")), ("mean_gap", _("Mean gap")),
         ("employees_with_gap", _("Employees with a gap")),
         ("employees_assessed", _("Employees assessed"))], needs["competencies"]),
        (_("Under 20 JP"), [("employee_id", _("NIP")), ("name", _("Name")),
         ("role_title", _("Position")), ("unit_name", _("Unit")),
         ("jp_this_year", _("JP this year")), ("jp_remaining", _("JP short"))],
         needs["employees_under_jp"]),
        (_("Programs"), [("program_id", _("Program ID")), ("title", _("Program")),
         ("start_date", _("Date")), ("method", _("Method")), ("duration_jp", _("JP")),
         ("cost", _("Cost per person")), ("expected_gain", _("Expected gain")),
         ("employees_helped", _("Employees helped"))], needs["programs"]),
        (_("By position"), [("competency_id", _("Competency ID")),
         ("competency_name", _("Competency")), ("role_id", _("Position ID")),
         ("role_title", _("Position")), ("mean_weighted_gap", _("Mean weighted gap")),
         ("employees", _("Employees"))], needs.get("gaps_by_position", [])),
    ]  # fmt: skip
    for title, columns, rows in sheets:
        sheet = book.create_sheet(title[:31])
        append_row(sheet, [label for _key, label in columns])
        for row in rows:
            append_row(sheet, [row.get(key) for key, _label in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
