"""Cells of the exports that a spreadsheet shows as written, never runs: a program title or a
name that starts like a formula (`=HYPERLINK(...)`) stays text (CSV/formula injection).

One place for the rule, used by every export (this package): the plan workbook, the
participant list (CSV and XLSX), a unit's needs, the evaluation table and SIASN's completions.
Exports append rows through `append_row` and `csv_bytes` (`csv_row`), never `sheet.append` or
`writer.writerow` on raw values: every cell, the filter
values a query string echoes included, goes through the guard (tests/service/web/
test_export_cells.py sends hostile query values to every export route and reads every cell).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

# What spreadsheet programs read as the start of a formula (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def text_cell(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    """An XLSX cell for `value`: text that openpyxl would store as a formula is stored as
    text (shown exactly as written); a cell already made (for its number format) is kept,
    as text if it holds a formula; anything else as is."""
    if isinstance(value, Cell):
        if value.data_type == "f":
            value.data_type = "s"
        return value
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell


def csv_text(value: Any) -> Any:
    """A CSV field: text starting like a formula gets a leading apostrophe, which spreadsheet
    programs show as text (CSV has no cell types)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def append_row(sheet: WriteOnlyWorksheet, values: Iterable[Any]) -> None:
    """Append one row to an XLSX sheet, every cell through `text_cell`."""
    sheet.append([text_cell(sheet, value) for value in values])


def csv_row(values: Iterable[Any]) -> list[Any]:
    """One CSV line, every field through `csv_text`."""
    return [csv_text(value) for value in values]


def csv_bytes(lines: Iterable[Iterable[Any]]) -> bytes:
    """A CSV file of `lines`, every field through `csv_text`: CRLF line ends and UTF-8 with a
    BOM, so that Excel reads the names right."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for line in lines:
        writer.writerow(csv_row(line))
    return out.getvalue().encode("utf-8-sig")
