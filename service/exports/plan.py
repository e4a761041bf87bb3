"""A plan as an XLSX workbook: a summary per unit, then one sheet per program.

openpyxl (write-only mode: rows are streamed, so a 65,000-employee plan stays small in
memory); the service answers the bytes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import Any

from openpyxl import Workbook

from model.planning.regulation import HEADER as REGULATION_HEADER
from model.planning.regulation import SHEET as REGULATION_SHEET
from model.planning.regulation import TITLE as REGULATION_TITLE
from service.exports.cells import append_row

SUMMARY = "Ringkasan unit"
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_MAX_TITLE = 31  # Excel's limit on a sheet name


def plan_workbook(plan: Mapping[str, Any], regulation: list[list[Any]] | None = None) -> bytes:
    """The XLSX bytes of a plan answer (`model.planning.answer`); with `regulation` (the rows
    of `model.planning.regulation`), first a sheet of the plan as Pasal 207 lists it."""
    book = Workbook(write_only=True)
    if regulation is not None:
        sheet = book.create_sheet(REGULATION_SHEET)
        append_row(sheet, [REGULATION_TITLE])
        append_row(sheet, [])
        append_row(sheet, REGULATION_HEADER)
        for row in regulation:
            append_row(sheet, row)
    summary = book.create_sheet(SUMMARY)
    append_row(summary, ["plan_id", plan["plan_id"], "status", plan["status"]])
    append_row(summary, ["objective", plan["objective"], "greedy_objective",
                         plan["greedy_objective"]])  # fmt: skip
    append_row(summary, ["budget_used", plan["budget_used"], "employees_reaching_jp_target",
                         plan["employees_reaching_jp_target"]])  # fmt: skip
    append_row(summary, [])
    append_row(summary, ["unit_id", "seats", "cost", "gain"])
    for unit in plan["units"]:
        append_row(summary, [unit["unit_id"], unit["seats"], unit["cost"], unit["gain"]])
    used: set[str] = {SUMMARY, REGULATION_SHEET}
    for program in plan["programs"]:
        sheet = book.create_sheet(_title(str(program["program_id"]), used))
        append_row(sheet, ["program_id", program["program_id"], "title", program.get("title"),
                           "kind", program.get("kind"), "path", program.get("path")])  # fmt: skip
        append_row(sheet, ["employee_id", "unit_id", "expected_gain", "completion_probability",
                           "cost"])  # fmt: skip
        for p in program["participants"]:
            append_row(sheet, [p["employee_id"], p.get("unit_id"), p["expected_gain"],
                               p["completion_probability"], p["cost"]])  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _title(name: str, used: set[str]) -> str:
    """A sheet name Excel accepts, unique in the workbook."""
    base = _SHEET_FORBIDDEN.sub("_", name)[:_MAX_TITLE] or "program"
    title, n = base, 1
    while title in used:
        n += 1
        title = f"{base[: _MAX_TITLE - len(str(n)) - 1]}~{n}"
    used.add(title)
    return title
