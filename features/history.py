"""What the training history says at a point in time: which outcomes were known by then."""

from __future__ import annotations

import numpy as np
import pandas as pd

from features import columns as col

# A classroom day holds about 8 lesson hours (JP, 45 minutes each). Outcomes are recorded when a
# program ends: its `end_date` where the export gives one, else estimated from its length.
JP_PER_DAY = 8
# A completion is known when the program ends, its evaluation scores (reaction, post-test,
# behaviour) about a month later: features and training labels both wait this long.
OUTCOME_LAG_DAYS = 30


def program_end_dates(programs: pd.DataFrame) -> pd.Series:
    """Last day of each program session, indexed like `programs`: its `end_date` where given
    (a nine-month programme ends months after ceil(JP / 8) days), else estimated from its JP."""
    days = np.ceil(programs[col.DURATION_JP].to_numpy(dtype=float) / JP_PER_DAY)
    estimate = programs[col.START_DATE] + pd.to_timedelta(np.maximum(days - 1, 0), unit="D")
    given = programs.get(col.END_DATE)
    if given is None:
        return estimate
    return pd.to_datetime(given).fillna(estimate)


def enrollment_end_dates(enrollments: pd.DataFrame, programs: pd.DataFrame) -> pd.Series:
    """End of the program of each enrolment (`program_end_dates`), indexed like `enrollments`."""
    ends = pd.Series(program_end_dates(programs).to_numpy(), index=programs[col.PROGRAM_ID])
    return enrollments[col.PROGRAM_ID].map(ends)


def outcomes_known_by(
    enrollments: pd.DataFrame,
    programs: pd.DataFrame,
    as_of: pd.Timestamp,
    lag_days: int = OUTCOME_LAG_DAYS,
) -> pd.DataFrame:
    """Enrolments whose outcome was known on `as_of`, with the program's start, end and JP.

    An outcome with its scores counts as known `lag_days` after the program ended (0: the
    completion alone, at the end); `in_progress` rows never carry one. Nothing dated after
    `as_of` is returned, so features built from this are point-in-time.
    """
    ends = program_end_dates(programs)
    info = pd.DataFrame(
        {
            col.PROGRAM_ID: programs[col.PROGRAM_ID].to_numpy(),
            col.START_DATE: programs[col.START_DATE].to_numpy(),
            "end_date": ends.to_numpy(),
            col.DURATION_JP: programs[col.DURATION_JP].to_numpy(),
            col.METHOD: programs[col.METHOD].to_numpy(),
        }
    )
    known = enrollments[
        (enrollments[col.ENROLLED_AT] <= as_of) & (enrollments[col.STATUS] != col.IN_PROGRESS)
    ]
    merged = known.merge(info, on=col.PROGRAM_ID, how="inner", validate="many_to_one")
    known_at = merged["end_date"] + pd.Timedelta(days=lag_days)
    return merged[known_at <= as_of].reset_index(drop=True)
