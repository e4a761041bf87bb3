"""The participants list downloaded as XLSX from the program page, read back with openpyxl."""

from __future__ import annotations

import time
from pathlib import Path

from openpyxl import load_workbook

DOWNLOAD_WAIT = 30.0


def downloaded(folder: Path, suffix: str) -> Path:
    """The finished download ending in `suffix` (Chromium writes `.crdownload` first)."""
    deadline = time.monotonic() + DOWNLOAD_WAIT
    while time.monotonic() < deadline:
        done = [p for p in folder.iterdir() if p.name.endswith(suffix)]
        if done and not any(p.name.endswith(".crdownload") for p in folder.iterdir()):
            return done[0]
        time.sleep(0.2)
    raise AssertionError(
        f"no {suffix} download after {DOWNLOAD_WAIT:g} s: {list(folder.iterdir())}"
    )


def cells(path: Path) -> list[list[str]]:
    """Every row of every sheet, as text (an empty cell as "")."""
    book = load_workbook(path, read_only=True)
    rows = [
        ["" if v is None else str(v) for v in row]
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
    ]
    book.close()
    return rows


def employee_rows(rows: list[list[str]], employee_ids: list[str]) -> list[str]:
    """The employee id of each row that holds one of `employee_ids`, in sheet order."""
    wanted = set(employee_ids)
    return [next(v for v in row if v in wanted) for row in rows if wanted & set(row)]


def test_the_xlsx_is_the_list_on_screen(planner, api, hostile_program, hostile_name):
    answer = api.post(f"/v1/programs/{hostile_program}/participants", {})
    expected = [i["employee_id"] for i in answer["selected"]]
    planner.open(f"/app/programs/{hostile_program}")
    link = planner.wait_for("a#export-xlsx")
    assert (
        link.get_attribute("href")
        .split("?")[0]
        .endswith(f"/app/programs/{hostile_program}/participants.xlsx")
    )
    link.click()
    rows = cells(downloaded(planner.downloads, ".xlsx"))
    assert employee_rows(rows, expected) == expected
    names = {i["employee_id"]: i["name"] for i in answer["selected"]}
    hostile = [e for e, name in names.items() if name and hostile_name in name]
    for employee_id in hostile:  # the name is kept as plain text, not escaped nor dropped
        (row,) = [r for r in rows if employee_id in r]
        assert names[employee_id] in row


def test_the_xlsx_follows_the_constraints(planner, api, busy_program):
    planner.open(f"/app/programs/{busy_program}")
    field = planner.wait_for("form#constraints input[name=seats]")
    field.clear()
    field.send_keys("3")
    planner.submit_and_wait(planner.find("button#apply-constraints"))
    link = planner.wait_for("a#export-xlsx")
    assert "seats=3" in link.get_attribute("href")
    csv = planner.find("a#export-csv").get_attribute("href")
    assert csv.split("?")[0].endswith(f"/app/programs/{busy_program}/participants.csv")
    assert csv.split("?")[1] == link.get_attribute("href").split("?")[1]  # the same list
    link.click()
    rows = cells(downloaded(planner.downloads, ".xlsx"))
    answer = api.post(f"/v1/programs/{busy_program}/participants", {"seats": 3})
    expected = [i["employee_id"] for i in answer["selected"]]
    assert len(expected) == 3
    assert employee_rows(rows, expected + [i["employee_id"] for i in answer["waitlist"]]) == (
        expected
    )
