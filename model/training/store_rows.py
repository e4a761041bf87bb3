"""`make train` reads the export plus the decision store's enrolments (outcomes registered
through `POST /v1/enrollments` since the export). For the same (employee, program) the store's
row is newer and wins; rows of ids the export does not know are left out. Without a database
(no file, no schema, not reachable) training uses the export alone.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

import store
from features import columns as col
from features.tables import Tables

log = logging.getLogger(__name__)
KEY = [col.EMPLOYEE_ID, col.PROGRAM_ID]


def read_store_rows(url: str) -> pd.DataFrame | None:
    """The store's enrolments at `url`, or None when there is no usable database (logged)."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite" and not Path(parsed.database or "").is_file():
        log.info("no decision store at %s: training on the export alone", parsed.database)
        return None
    db = store.make_db(url)
    try:
        if not store.schema_status(db).is_current:
            log.warning("the decision store's schema is not current: training on the export alone")
            return None
        return store.store_rows_for_training(db)
    except store.StoreUnavailableError as error:
        log.warning("decision store unavailable, training on the export alone: %s", error)
        return None
    finally:
        db.dispose()


def with_store_rows(tables: Tables, rows: pd.DataFrame | None) -> tuple[Tables, dict[str, int]]:
    """`tables` whose enrolments include the store's `rows` (the store's row wins per pair),
    and how many rows came from each source."""
    export = tables.enrollments
    if rows is None or rows.empty:
        return tables, {"export": len(export), "store": 0, "store_replaced_export": 0,
                        "store_unknown_ids": 0}  # fmt: skip
    known = rows[col.EMPLOYEE_ID].isin(tables.employees[col.EMPLOYEE_ID]) & rows[
        col.PROGRAM_ID
    ].isin(tables.programs[col.PROGRAM_ID])
    used = rows.loc[known, export.columns.intersection(rows.columns)]
    pairs = pd.MultiIndex.from_frame(used[KEY])
    replaced = pd.MultiIndex.from_frame(export[KEY]).isin(pairs)
    merged = pd.concat([export.loc[~replaced], used], ignore_index=True)
    merged = merged.astype(export.dtypes.to_dict()).sort_values(KEY, ignore_index=True)
    counts = {
        "export": int((~replaced).sum()),
        "store": len(used),
        "store_replaced_export": int(replaced.sum()),
        "store_unknown_ids": int((~known).sum()),
    }
    return dataclasses.replace(tables, enrollments=merged), counts
