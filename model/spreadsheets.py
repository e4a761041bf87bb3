"""Cells of the exports that a spreadsheet shows as written, never runs: a program title or a
name that starts like a formula (`=HYPERLINK(...)`) stays text (CSV/formula injection).

One place for the rule, used by every export: the plan workbook, the participant list (CSV
and XLSX), a unit's needs and the evaluation table.
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

# What spreadsheet programs read as the start of a formula (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def text_cell(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    """An XLSX cell for `value`: text that openpyxl would store as a formula is stored as
    text (shown exactly as written); anything else as is."""
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
