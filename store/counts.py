"""How many employees each program has nominated, approved and rejected (a list of programs
shows them); optionally only those of some units, as recorded when they were nominated."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from features import columns as col
from store.database import read_transaction
from store.tables import APPROVED, REJECTED, nomination_items

COUNT_COLUMNS = ("nominated", "approved", "rejected")


def nomination_counts(db: Engine, unit_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per program with a nomination: distinct employees `nominated` (any decision or
    none), `approved` and `rejected`. One GROUP BY over the items."""
    items = nomination_items.c
    employee = sa.distinct(items.employee_id)
    query = sa.select(
        items.program_id,
        sa.func.count(employee),
        sa.func.count(sa.distinct(sa.case((items.decision == APPROVED, items.employee_id)))),
        sa.func.count(sa.distinct(sa.case((items.decision == REJECTED, items.employee_id)))),
    ).group_by(items.program_id)
    if unit_ids is not None:
        query = query.where(items.unit_id.in_(list(unit_ids)))
    with read_transaction(db) as conn:
        rows = conn.execute(query).all()
    frame = pd.DataFrame(rows, columns=[col.PROGRAM_ID, *COUNT_COLUMNS])
    return frame.astype({col.PROGRAM_ID: "str", **dict.fromkeys(COUNT_COLUMNS, "int64")})
