"""Export cells: text that starts like a formula stays text (CSV/formula injection)."""

from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook

from service.exports.cells import csv_text, text_cell
from service.exports.plan import plan_workbook

HOSTILE = ["=1+1", "+62", "-x", "@SUM(A1)", '=HYPERLINK("http://x")']


def test_csv_fields_that_start_a_formula_get_an_apostrophe():
    assert [csv_text(v) for v in [*HOSTILE, "Ani", 3]] == [
        "'=1+1", "'+62", "'-x", "'@SUM(A1)", "'=HYPERLINK(\"http://x\")", "Ani", 3
    ]  # fmt: skip


def _read_back(data: bytes) -> list[tuple]:
    book = load_workbook(io.BytesIO(data))
    return [
        (cell.value, cell.data_type)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


def test_xlsx_cells_keep_formula_like_text_as_text():
    book = Workbook(write_only=True)
    sheet = book.create_sheet("x")
    sheet.append([text_cell(sheet, v) for v in [*HOSTILE, "Ani", 3]])
    out = io.BytesIO()
    book.save(out)
    cells = _read_back(out.getvalue())
    assert [value for value, _ in cells] == [*HOSTILE, "Ani", 3]
    assert all(kind != "f" for _, kind in cells)


def test_the_plan_workbook_writes_a_formula_title_as_text():
    plan = {
        "plan_id": "p1", "status": "optimal", "objective": 1.0, "greedy_objective": 1.0,
        "budget_used": 10.0, "employees_reaching_jp_target": 0,
        "units": [{"unit_id": "=cmd|' /C calc'!A0", "seats": 1, "cost": 10.0, "gain": 1.0}],
        "programs": [{"program_id": "P1", "title": "=HYPERLINK(\"http://x\")", "participants": [
            {"employee_id": "E1", "unit_id": "U1", "expected_gain": 1.0,
             "completion_probability": 0.9, "cost": 10.0}]}],
    }  # fmt: skip
    cells = _read_back(plan_workbook(plan))
    assert ('=HYPERLINK("http://x")', "s") in cells
    assert ("=cmd|' /C calc'!A0", "s") in cells
    assert all(kind != "f" for _, kind in cells)
