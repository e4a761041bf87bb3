"""Live enrolments from an LMS: checked like the export, validated transitions, all or nothing.

Rows are stored by (employee_id, program_id); the store's row is newer than the export's and
wins when `make train` merges them (`store_rows_for_training`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from features import columns as col
from features.errors import DataError
from features.loading import check_rows
from features.schema import ENROLLMENTS
from store.audit import record
from store.database import is_postgres, read_transaction, write_transaction
from store.errors import InvalidRowsError
from store.tables import enrollments, utc_now

KEY = [col.EMPLOYEE_ID, col.PROGRAM_ID]
VALUES = [c for c in ENROLLMENTS.names if c not in KEY]
SCORES = [col.PRE_SCORE, col.POST_SCORE, col.REACTION_SCORE, col.BEHAVIOR_SCORE]
FINAL = (col.COMPLETED, *col.NOT_COMPLETED)  # outcomes: never back to in_progress
_CHUNK = 500


def upsert_enrollments(
    db: Engine,
    rows: Sequence[Mapping[str, Any]],
    actor: str,
    known_employees: Collection[str] | None = None,
    known_programs: Collection[str] | None = None,
    source: str = "lms",
) -> dict[str, int]:
    """Check `rows` (the contract's enrollments columns) and store them, audited; nothing is
    stored if any row is refused. Returns the counts `created`, `updated` and `unchanged`.

    `known_employees` / `known_programs`: the ids the serving data knows (None: not checked).
    """
    frame = _checked(rows, known_employees, known_programs)
    with write_transaction(db) as conn:
        if is_postgres(conn):  # one LMS feed at a time: the transition check stays exact
            conn.execute(
                sa.text("SELECT pg_advisory_xact_lock(hashtextextended('enrollments', 0))")
            )
        merged = frame.merge(_stored(conn, frame), on=KEY, how="left", suffixes=("", "_old"))
        _check_transitions(merged)
        new = merged[f"{col.STATUS}_old"].isna().to_numpy()
        changed = ~new & _differs(merged)
        now = utc_now()
        written = {"source": source, "updated_by": actor, "updated_at": now}
        if new.any():
            conn.execute(sa.insert(enrollments), [{**r, **written} for r in _records(frame[new])])
        if changed.any():
            _update(conn, [{**r, **written} for r in _records(frame[changed])])
        record(conn, _audit_entries(merged, new, changed), actor)
    return {
        "created": int(new.sum()),
        "updated": int(changed.sum()),
        "unchanged": int(len(frame) - new.sum() - changed.sum()),
    }


def store_rows_for_training(db: Engine) -> pd.DataFrame:
    """The store's enrolments in the contract's enrollments columns and dtypes."""
    with read_transaction(db) as conn:
        rows = conn.execute(sa.select(*(enrollments.c[c] for c in ENROLLMENTS.names))).all()
    frame = pd.DataFrame(rows, columns=ENROLLMENTS.names)
    frame[col.ENROLLED_AT] = pd.to_datetime(frame[col.ENROLLED_AT]).astype("datetime64[ns]")
    for name in (*KEY, col.STATUS):
        frame[name] = frame[name].astype("str")
    return frame.astype(dict.fromkeys(SCORES, "float64"))


def _checked(
    rows: Sequence[Mapping[str, Any]],
    known_employees: Collection[str] | None,
    known_programs: Collection[str] | None,
) -> pd.DataFrame:
    if not rows:
        raise InvalidRowsError("at least one enrolment row is required", column="enrollments")
    try:
        frame = check_rows(pd.DataFrame.from_records(list(rows)), ENROLLMENTS, col.ENROLLMENTS)
    except DataError as error:
        raise InvalidRowsError(error.problem, error.column, error.rows, error.n_bad) from None
    for column, known in ((col.EMPLOYEE_ID, known_employees), (col.PROGRAM_ID, known_programs)):
        if known is None:
            continue
        unknown = ~frame[column].isin(pd.Index(list(known), dtype="str")).to_numpy()
        if unknown.any():
            rows_at = (np.flatnonzero(unknown) + 1).tolist()
            raise InvalidRowsError(f"unknown {column}: not in the serving data", column, rows_at)
    return frame


def _stored(conn: Connection, frame: pd.DataFrame) -> pd.DataFrame:
    """The stored rows of the frame's keys (columns suffixed `_old`, keys as they are)."""
    pairs = list(frame[KEY].itertuples(index=False, name=None))
    found: list[sa.Row] = []
    for start in range(0, len(pairs), _CHUNK):
        key = sa.tuple_(enrollments.c.employee_id, enrollments.c.program_id)
        query = sa.select(*(enrollments.c[c] for c in ENROLLMENTS.names)).where(
            key.in_(pairs[start : start + _CHUNK])
        )
        found.extend(conn.execute(query).all())
    stored = pd.DataFrame(found, columns=ENROLLMENTS.names).astype(dict.fromkeys(KEY, "str"))
    stored[col.ENROLLED_AT] = pd.to_datetime(stored[col.ENROLLED_AT]).astype("datetime64[ns]")
    stored = stored.astype({col.STATUS: "str", **dict.fromkeys(SCORES, "float64")})
    return stored.rename(columns={c: f"{c}_old" for c in VALUES})


def _check_transitions(merged: pd.DataFrame) -> None:
    """An outcome never goes back to in_progress, and completed never becomes anything else."""
    old, new = merged[f"{col.STATUS}_old"], merged[col.STATUS]
    back = old.isin(FINAL) & (new == col.IN_PROGRESS)
    uncompleted = (old == col.COMPLETED) & (new != col.COMPLETED)
    refused = (back | uncompleted).to_numpy()
    if refused.any():
        first = np.flatnonzero(refused)[0]
        found = f"{old.iloc[first]} -> {new.iloc[first]}"
        problem = (
            "status change not allowed (an outcome never returns to in_progress and completed"
            f" never changes); found {found}"
        )
        raise InvalidRowsError(problem, col.STATUS, (np.flatnonzero(refused) + 1).tolist())


def _differs(merged: pd.DataFrame) -> np.ndarray:
    differs = np.zeros(len(merged), dtype=bool)
    for name in VALUES:
        new, old = merged[name], merged[f"{name}_old"]
        differs |= ((new != old) & ~(new.isna() & old.isna())).to_numpy(dtype=bool)
    return differs


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as the database takes them: dates as dates, missing scores as None."""
    out = frame[ENROLLMENTS.names].astype(object)
    out[col.ENROLLED_AT] = frame[col.ENROLLED_AT].dt.date.astype(object)
    return out.where(frame[ENROLLMENTS.names].notna(), None).to_dict("records")


def _update(conn: Connection, records: list[dict[str, Any]]) -> None:
    names = [*KEY, *VALUES, "source", "updated_by", "updated_at"]
    conn.execute(
        sa.update(enrollments)
        .where(
            enrollments.c.employee_id == sa.bindparam(f"v_{col.EMPLOYEE_ID}"),
            enrollments.c.program_id == sa.bindparam(f"v_{col.PROGRAM_ID}"),
        )
        .values({c: sa.bindparam(f"v_{c}") for c in names if c not in KEY}),
        [{f"v_{c}": r[c] for c in names} for r in records],
    )


def _audit_entries(merged: pd.DataFrame, new: np.ndarray, changed: np.ndarray) -> list[dict]:
    touched = merged[new | changed]
    after = _records(touched)
    old_names = {f"{c}_old": c for c in VALUES}
    before = touched[[*KEY, *old_names]].rename(columns=old_names)
    before_records = _records(before)
    return [
        {
            "action": "enrollment.created" if is_new else "enrollment.updated",
            "entity": "enrollment",
            "entity_id": f"{a[col.EMPLOYEE_ID]}/{a[col.PROGRAM_ID]}",
            "before": None if is_new else b,
            "after": a,
        }
        for a, b, is_new in zip(after, before_records, new[new | changed], strict=True)
    ]
