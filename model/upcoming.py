"""The list of upcoming programs a planner starts from: dates, format, length, cost, seats,
how many were nominated and approved, and whether seats are still free."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from features import columns as col

if TYPE_CHECKING:
    from model.engine import Engine
    from model.live import LiveState

SORTABLE = ("start_date", "title", "method", "duration_jp", "cost", "free_seats", "nominated")
OPEN, FULL = "open", "full"


def upcoming_programs(
    engine: Engine,
    live: LiveState | None,
    counts: pd.DataFrame | None,
    month: str | None = None,
    method: str | None = None,
    unit_ids: Sequence[str] | None = None,
    sort: str = "start_date",
    descending: bool = False,
) -> list[dict[str, Any]]:
    """Every program still to start, filtered and sorted.

    `counts` (`store.nomination_counts`, of the units asked for) gives `nominated` and
    `approved`; without it (the store is down) they are None. `month` is `YYYY-MM`. With
    `unit_ids` only programs whose audience holds someone of those units are listed.
    """
    p = engine.eligibility.upcoming
    programs = engine.directory.programs
    starts = pd.to_datetime(programs[col.START_DATE]).to_numpy()
    if month is not None:
        p = p[pd.DatetimeIndex(starts[p]).strftime("%Y-%m") == month]
    if method is not None:
        p = p[programs[col.METHOD].to_numpy()[p] == method]
    if unit_ids is not None:
        p = p[_reaches(engine, p, engine.directory.unit_members(unit_ids))]
    frame = _rows(engine, p, live, counts)
    key = sort if sort in SORTABLE else "start_date"
    frame = frame.sort_values([key, "program_id"], ascending=[not descending, True], kind="stable")
    return frame.to_dict("records")


def upcoming_starts(engine: Engine) -> pd.Series:
    """The start dates of the programs still to start, sorted (a filter's months, a plan
    form's default period): no counts, no live state."""
    starts = engine.directory.programs[col.START_DATE].iloc[engine.eligibility.upcoming]
    return pd.to_datetime(starts).dt.date.sort_values().reset_index(drop=True)


def _reaches(engine: Engine, p: np.ndarray, members: np.ndarray) -> np.ndarray:
    """Whether each program's audience holds at least one of `members`."""
    if len(members) == 0 or len(p) == 0:
        return np.zeros(len(p), dtype=bool)
    es, ps = np.repeat(members, len(p)), np.tile(p, len(members))
    fits = engine.eligibility.in_audience(es, ps).reshape(len(members), len(p))
    return np.asarray(fits.any(axis=0))


def _rows(
    engine: Engine, p: np.ndarray, live: LiveState | None, counts: pd.DataFrame | None
) -> pd.DataFrame:
    programs = engine.directory.programs.iloc[p]
    capacity = programs[col.CAPACITY].to_numpy(dtype=np.int64)
    taken = live.taken_seats[p] if live is not None else np.zeros(len(p), dtype=np.int64)
    free = np.maximum(capacity - taken, 0)
    frame = pd.DataFrame(
        {
            "program_id": engine.directory.program_ids.to_numpy()[p],
            "title": programs[col.TITLE].to_numpy(),
            "method": programs[col.METHOD].to_numpy(),
            "start_date": pd.to_datetime(programs[col.START_DATE]).dt.date.to_numpy(),
            "duration_jp": programs[col.DURATION_JP].to_numpy(dtype=np.int64),
            "cost": programs[col.COST].to_numpy(dtype=float),
            "capacity": capacity,
            "free_seats": free,
            "provider": _optional(programs, col.PROVIDER),
            "location": _optional(programs, col.LOCATION),
            "status": np.where(free > 0, OPEN, FULL),
        }
    )
    if counts is None:
        return frame.assign(nominated=None, approved=None)
    found = counts.set_index(col.PROGRAM_ID).reindex(frame["program_id"]).fillna(0)
    return frame.assign(
        nominated=found["nominated"].to_numpy(dtype=np.int64),
        approved=found["approved"].to_numpy(dtype=np.int64),
    )


def _optional(programs: pd.DataFrame, column: str) -> np.ndarray:
    if column not in programs:
        return np.full(len(programs), None, dtype=object)
    values = programs[column].astype(object)
    return values.where(values.notna(), None).to_numpy()
