"""Every export route (XLSX and CSV, pages and API) keeps hostile query values inert.

The routes are found from the app's URL map (a rule ending in `.xlsx` or `.csv`), so a new
export is covered without touching this file; each is asked with a hostile value in every
query parameter the export views read, and every cell of every 200 answer is read back: no
XLSX cell is a formula, no CSV field starts like one.
"""

from __future__ import annotations

import csv
import io

import pytest
from flask import Flask
from openpyxl import load_workbook

from service.evaluation_schemas import CourseRankingQuerySchema
from service.exports.cells import FORMULA_START
from service.request_schemas import ParticipantsRequestSchema
from service.web.forms import PAGE_ONLY

HOSTILE = [
    '=HYPERLINK("http://evil.example","x")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]
# every query parameter an export view reads (the schemas' own fields, so new ones count)
QUERY_NAMES = sorted(
    {*CourseRankingQuerySchema().fields, *ParticipantsRequestSchema().fields, *PAGE_ONLY}
)
EXPORT_ENDINGS = (".xlsx", ".csv")


def export_rules(app: Flask) -> list[str]:
    return sorted(r.rule for r in app.url_map.iter_rules() if r.rule.endswith(EXPORT_ENDINGS))


@pytest.fixture(scope="module")
def path_values(
    app, engine, upcoming_program_id, tmp_path_factory, auth, plan_result, running_worker
) -> dict[str, str]:
    """A real value for each path variable of an export rule (a plan made for the purpose)."""
    starts = engine.programs["start_date"].iloc[engine.upcoming]
    body = {"period_start": str(starts.min().date()), "period_end": str(starts.max().date()),
            "budget": 50_000_000, "time_limit_s": 3}  # fmt: skip
    with running_worker(app, tmp_path_factory.mktemp("jobs")):
        plan = plan_result(app.test_client(), body)
    return {
        "plan_id": plan["plan_id"],
        "program_id": upcoming_program_id,
        "unit_id": str(engine.unit_of[0]),
    }


def cells_of(response) -> list[tuple[object, str]]:
    """(value, kind) of every non-empty cell: kind is the XLSX data type, `csv` for CSV."""
    if response.mimetype == "text/csv":
        text = response.data.decode("utf-8-sig")
        return [(field, "csv") for line in csv.reader(io.StringIO(text)) for field in line]
    book = load_workbook(io.BytesIO(response.data))
    return [
        (cell.value, cell.data_type)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


def inert(cells: list[tuple[object, str]]) -> list[tuple[object, str]]:
    """The cells a spreadsheet would run: formulas, and CSV fields starting like one."""
    return [
        (value, kind)
        for value, kind in cells
        if kind == "f" or (kind == "csv" and str(value).startswith(FORMULA_START))
    ]


def test_the_url_map_has_the_known_exports(app):
    assert {
        "/app/evaluation.xlsx",
        "/app/units/<unit_id>/needs.xlsx",
        "/app/programs/<program_id>/participants.csv",
        "/app/programs/<program_id>/participants.xlsx",
        "/app/plans/<plan_id>.xlsx",
        "/v1/plans/<plan_id>.xlsx",
    } <= set(export_rules(app))


def test_hostile_query_values_stay_text_in_every_export(app, planner, path_values, auth):
    echoed = 0
    for rule in export_rules(app):
        missing = _variables(app, rule) - set(path_values)
        assert not missing, f"{rule}: add a value for {missing} to path_values"
        path = rule
        for name, value in path_values.items():
            path = path.replace(f"<{name}>", value)
        plain = planner.get(path, headers=auth())
        assert plain.status_code == 200, (rule, plain.data[:300])
        assert not inert(cells_of(plain)), rule
        for name in QUERY_NAMES:
            for value in HOSTILE:
                answer = planner.get(path, query_string={name: value}, headers=auth())
                if answer.status_code != 200:
                    assert answer.status_code in (400, 404, 422), (rule, name, answer.status_code)
                    break  # a parameter that refuses text (a number, an id): nothing echoed
                cells = cells_of(answer)
                assert not inert(cells), (rule, name, value, inert(cells))
                echoed += value in {str(v).lstrip("'") for v, _ in cells}
    assert echoed, "no export echoed a query value: the test would not see a hole"


def test_the_evaluation_export_writes_the_provider_filter_as_text(planner):
    value = HOSTILE[0]
    answer = planner.get("/app/evaluation.xlsx", query_string={"provider": value})
    assert answer.status_code == 200
    assert (value, "s") in cells_of(answer)


def _variables(app: Flask, rule: str) -> set[str]:
    return next(r.arguments for r in app.url_map.iter_rules() if r.rule == rule)
