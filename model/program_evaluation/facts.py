"""The enrolments a program evaluation looks at: past sessions, their course, method, cost."""

from __future__ import annotations

import pandas as pd

from features import columns as col
from features.courses import course_names
from features.tables import Tables

COURSE = "course"
PERIOD_START, PERIOD_END = "period_start", "period_end"
SESSION_COLUMNS = [col.PROGRAM_ID, COURSE, col.METHOD, col.PROVIDER, col.COST, col.START_DATE]
NO_PROVIDER = "(unknown)"  # provider is optional: a session without one is grouped as such


def sessions(programs: pd.DataFrame) -> pd.DataFrame:
    """Every session with its course name, provider (never empty) and calendar quarter."""
    start = programs[col.START_DATE]
    quarter = start.dt.to_period("Q")
    return pd.DataFrame(
        {
            col.PROGRAM_ID: programs[col.PROGRAM_ID].to_numpy(),
            COURSE: course_names(programs[col.TITLE]).to_numpy(),
            col.METHOD: programs[col.METHOD].to_numpy(),
            col.PROVIDER: programs[col.PROVIDER].fillna(NO_PROVIDER).to_numpy(),
            col.COST: programs[col.COST].to_numpy(dtype="float64"),
            col.START_DATE: start.to_numpy(),
            PERIOD_START: quarter.dt.start_time.to_numpy(),
            PERIOD_END: (quarter + 1).dt.start_time.to_numpy(),
        }
    )


def enrolment_facts(tables: Tables, as_of: pd.Timestamp) -> pd.DataFrame:
    """The enrolments recorded by `as_of` in sessions that started by then, one row each,
    with the session's course, method, provider, cost and quarter."""
    past = sessions(tables.programs)
    past = past[past[col.START_DATE] <= as_of]
    enr = tables.enrollments
    enr = enr[enr[col.ENROLLED_AT] <= as_of]
    kept = [
        col.EMPLOYEE_ID,
        col.PROGRAM_ID,
        col.STATUS,
        col.PRE_SCORE,
        col.POST_SCORE,
        col.REACTION_SCORE,
    ]
    return enr[kept].merge(past, on=col.PROGRAM_ID, how="inner").reset_index(drop=True)
