"""A program's "daftar peserta" (participant list) as CSV and as an XLSX workbook: heading
lines, a blank line, the column names, then one row per participant (the page's rows).

A text cell starting like a formula is written as text (`service.exports.cells`); CSV is UTF-8
with a BOM so that Excel reads the names right.
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from service.exports.cells import append_row, csv_bytes, text_cell


def participant_list_csv(
    heading: list[list[Any]], columns: list[str], rows: list[list[Any]]
) -> bytes:
    """The list as CSV bytes."""
    return csv_bytes([*heading, [], columns, *rows])


def participant_list_workbook(
    title: str, heading: list[list[Any]], columns: list[str], rows: list[list[Any]]
) -> bytes:
    """The list as XLSX bytes: one sheet named `title` (cut to Excel's 31 characters)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    for line in [*heading, [], columns]:
        append_row(sheet, line)
    for row in rows:
        append_row(sheet, _cells(sheet, row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cells(sheet: Any, row: list[Any]) -> list[Any]:
    """A data row: text kept text, the probability as a percentage, the gain to 2 places."""
    cells = [text_cell(sheet, value) for value in row]
    probability = WriteOnlyCell(sheet, value=cells[5])
    probability.number_format = "0%"
    gain = WriteOnlyCell(sheet, value=cells[6])
    gain.number_format = "0.00"
    return [*cells[:5], probability, gain]
