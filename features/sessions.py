"""How long a training session lasts: the one rule the decision store's approvals, the annual
plan and the point-in-time history all use.

A session lasts from its program's `start_date` (rolled forward to a working day) to its
`end_date` where the export gives one (rolled back to a working day), else for
ceil(duration_jp / 8) working days, Monday to Friday: 8 lesson hours (JP) make a day. The
estimate fits a classroom session; e-learning spread over weeks and programmes of six to nine
months end much later, and only a given `end_date` says so.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from features import columns as col

JP_PER_DAY = 8


def session_days(
    start_dates: np.ndarray, duration_jp: np.ndarray, end_dates: np.ndarray | None = None
) -> tuple[np.ndarray, ...]:
    """First and last working day of each session (datetime64[D] arrays); a given end date
    (NaT: none) is the last day, rolled back to a working day and never before the first."""
    starts = np.asarray(start_dates, dtype="datetime64[D]")
    days = np.maximum(np.ceil(np.asarray(duration_jp, dtype=float) / JP_PER_DAY), 1).astype(int)
    first = np.busday_offset(starts, 0, roll="forward")
    last = np.busday_offset(first, days - 1, roll="forward")
    if end_dates is None:
        return first, last
    ends = np.asarray(end_dates, dtype="datetime64[D]")
    given = ~np.isnat(ends)
    if given.any():
        rolled = np.busday_offset(ends[given], 0, roll="backward")
        last[given] = np.maximum(rolled, first[given])  # a weekend-only session: its first day
    return first, last


def program_session_days(programs: pd.DataFrame) -> tuple[np.ndarray, ...]:
    """`session_days` of each row of a programs frame (its `end_date` used where present)."""
    ends = programs.get(col.END_DATE)
    return session_days(
        programs[col.START_DATE].to_numpy(dtype="datetime64[D]"),
        programs[col.DURATION_JP].to_numpy(),
        None if ends is None else ends.to_numpy(dtype="datetime64[D]"),
    )
