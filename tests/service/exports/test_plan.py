"""The plan's XLSX: a summary per unit and one sheet per program, read back with openpyxl."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from service.exports.plan import SUMMARY, plan_workbook

PLAN = {
    "plan_id": "abc",
    "status": "optimal",
    "objective": 2.5,
    "greedy_objective": 2.0,
    "budget_used": 3e6,
    "employees_reaching_jp_target": 1,
    "units": [{"unit_id": "U1", "seats": 2, "cost": 3e6, "gain": 2.5}],
    "programs": [
        {
            "program_id": "P/1",
            "title": "Kehumasan",
            "participants": [
                {"employee_id": "E1", "unit_id": "U1", "expected_gain": 1.5,
                 "completion_probability": 0.9, "cost": 1e6},
            ],
        },
        {"program_id": "P/1", "title": "again", "participants": []},
    ],
}  # fmt: skip


def test_the_workbook_has_a_summary_and_a_sheet_per_program():
    book = load_workbook(io.BytesIO(plan_workbook(PLAN)))
    assert book.sheetnames == [SUMMARY, "P_1", "P_1~2"]
    rows = list(book[SUMMARY].values)
    assert ("U1", 2, 3e6, 2.5) in [r[:4] for r in rows]
    program = list(book["P_1"].values)
    assert program[2][:2] == ("E1", "U1")
