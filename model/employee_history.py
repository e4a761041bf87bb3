"""An employee's training history: the enrolments the bundle's snapshot knows, newest first."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from features import columns as col
from model.engine import Engine
from model.jp_ledger import jp_ledger


def training_history(engine: Engine, employee_id: str) -> dict[str, Any]:
    """Past and running enrolments of one employee (program, dates, JP, status) and the JP
    counted this year; NotFoundError for an unknown employee.

    Enrolments recorded after the snapshot (`POST /v1/enrollments`) are the decision store's,
    not the bundle's, and are not listed here.
    """
    directory = engine.directory
    e = directory.employee_code(employee_id)
    rows = directory.enrolment_rows(e)
    programs = directory.programs.iloc[directory.program_ids.get_indexer(rows[col.PROGRAM_ID])]
    items = pd.DataFrame(
        {
            col.PROGRAM_ID: rows[col.PROGRAM_ID].to_numpy(),
            col.TITLE: programs[col.TITLE].to_numpy(),
            col.METHOD: programs[col.METHOD].to_numpy(),
            col.START_DATE: _dates(programs[col.START_DATE]),
            col.DURATION_JP: programs[col.DURATION_JP].to_numpy(dtype=int),
            col.ENROLLED_AT: _dates(rows[col.ENROLLED_AT]),
            col.STATUS: rows[col.STATUS].to_numpy(),
        }
    )
    order = rows[col.ENROLLED_AT].to_numpy().argsort(kind="stable")[::-1]
    need = directory.needs.iloc[e]
    return {
        "employee_id": employee_id,
        "as_of": engine.state.as_of.date(),
        "jp_this_year": int(need[col.JP_THIS_YEAR]),
        "jp_remaining": int(need[col.JP_REMAINING]),
        "jp_by_category": jp_ledger(engine, employee_id),
        "items": items.iloc[order].to_dict("records"),
    }


def _dates(values: pd.Series) -> np.ndarray:
    """Timestamps as dates; None where a date is missing."""
    return values.dt.date.astype(object).where(values.notna(), None).to_numpy()
