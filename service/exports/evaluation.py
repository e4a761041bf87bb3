"""The course ranking as an XLSX workbook (`/app/evaluation.xlsx`): the table on screen."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook

from service.exports.cells import append_row

COLUMNS = [
    "rank", "course", "method", "provider", "effect", "effect_ci_low", "effect_ci_high",
    "n_participants", "n_comparison", "cost_per_participant", "effect_per_million",
    "effect_per_million_ci_low", "effect_per_million_ci_high", "evidence", "evidence_reason",
]  # fmt: skip


def ranking_workbook(answer: dict[str, Any]) -> bytes:
    """One sheet: the filters and rule, then one row per course as the API answers it."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Evaluasi diklat")
    # the filters are the query string's values: they go through the guard like the rows
    append_row(sheet, ["model_version", answer["model_version"], "as_of", answer["as_of"]])
    append_row(sheet, ["method", answer["method"], "provider", answer["provider"]])
    append_row(sheet, ["rule", answer.get("rule")])
    append_row(sheet, [])
    append_row(sheet, COLUMNS)
    for item in answer["items"]:
        append_row(sheet, [item.get(name) for name in COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
