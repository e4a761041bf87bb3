"""Level 3 raw material: how supervisors and peers rated people before and after a quarter.

A session's period is the calendar quarter it starts in. "Before" is the latest rating of a
competency by a source in the 15 months before the quarter; "after" the earliest from a month
after the quarter's end (time for the course to end and the work to show) to 15 months
later. Both come from the same source, so a lenient supervisor's bias cancels in the change.
The prior level people are matched on is the mean of all their ratings of the competency in
the two years and a quarter before (`HISTORY`): more than the one "before" rating, whose own
noise would otherwise decide who looks alike (regression to the mean of the wrong group).
Everyone in the same role at the quarter's start is measured the same way, so attendees and
non-attendees share the period, the ratings' calendar and the on-the-job drift.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from features import columns as col
from features.positions import positions_on
from features.tables import Tables
from model.program_evaluation.facts import COURSE, PERIOD_END, PERIOD_START

SOURCES = ("supervisor", "peer")  # others' view of behaviour at work (not self, not tests)
WINDOW = pd.Timedelta(days=450)
HISTORY_WINDOW = pd.Timedelta(days=820)
LAG = pd.Timedelta(days=30)
BEFORE, AFTER, CHANGE, PRIOR = "before", "after", "change", "prior_level"
HISTORY = "history"
_KEYS = [col.EMPLOYEE_ID, col.COMPETENCY_ID, col.SOURCE]


def rated_by_others(
    evaluations: pd.DataFrame, competencies: pd.Series, as_of: pd.Timestamp
) -> pd.DataFrame:
    """The ratings by a supervisor or peer of `competencies` known at `as_of`, oldest first."""
    ev = evaluations[
        evaluations[col.SOURCE].isin(SOURCES)
        & (evaluations[col.EVALUATED_AT] <= as_of)
        & evaluations[col.COMPETENCY_ID].isin(competencies)
    ]
    return ev[[*_KEYS, col.LEVEL, col.EVALUATED_AT]].sort_values(col.EVALUATED_AT, kind="stable")


def rating_changes(ev: pd.DataFrame, needed: pd.DataFrame) -> pd.DataFrame:
    """Per (employee, competency, source, quarter) rated both before and after the quarter:
    the two ratings. `ev` holds the ratings to read (`rated_by_others`), `needed` the
    (period_start, period_end, competency_id) to measure."""
    day = ev[col.EVALUATED_AT]
    parts = [_empty_changes()]
    for (start, end), comps in needed.groupby([PERIOD_START, PERIOD_END], sort=True):  # quarters
        wanted = ev[col.COMPETENCY_ID].isin(comps[col.COMPETENCY_ID])
        before = ev[wanted & (day < start) & (day >= start - WINDOW)]
        after = ev[wanted & (day >= end + LAG) & (day < end + LAG + WINDOW)]
        both = before.drop_duplicates(_KEYS, keep="last").merge(
            after.drop_duplicates(_KEYS, keep="first"), on=_KEYS, suffixes=("_b", "_a")
        )
        earlier = ev[wanted & (day < start) & (day >= start - HISTORY_WINDOW)]
        history = earlier.groupby(_KEYS[:2], sort=False)[col.LEVEL].mean().rename(HISTORY)
        both = both.join(history, on=_KEYS[:2])
        parts.append(
            pd.DataFrame(
                {
                    **{k: both[k].to_numpy() for k in _KEYS},
                    PERIOD_START: np.full(len(both), start, dtype="datetime64[ns]"),
                    BEFORE: both[f"{col.LEVEL}_b"].to_numpy(),
                    AFTER: both[f"{col.LEVEL}_a"].to_numpy(),
                    HISTORY: both[HISTORY].to_numpy(),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def _empty_changes() -> pd.DataFrame:
    return pd.DataFrame(
        {
            **{k: pd.Series(dtype="str") for k in _KEYS},
            PERIOD_START: pd.Series(dtype="datetime64[ns]"),
            BEFORE: pd.Series(dtype="float64"),
            AFTER: pd.Series(dtype="float64"),
            HISTORY: pd.Series(dtype="float64"),
        }
    )


def with_roles(tables: Tables, frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` (employee_id, period_start) with the role each held when the quarter began."""
    pairs = frame[[col.EMPLOYEE_ID, PERIOD_START]].drop_duplicates(ignore_index=True)
    held = positions_on(tables, pairs[col.EMPLOYEE_ID].to_numpy(), pairs[PERIOD_START].to_numpy())
    pairs[col.ROLE_ID] = held[col.ROLE_ID].to_numpy()
    return frame.merge(pairs, on=[col.EMPLOYEE_ID, PERIOD_START], how="left")


def person_changes(changes: pd.DataFrame, cells: pd.DataFrame) -> pd.DataFrame:
    """Per (course, quarter, role, employee): the mean change and mean prior rating over the
    course's competencies. `changes` carries roles (`with_roles`); `cells` lists the
    (course, period_start, role_id, competency_id) to measure: the course's competencies in
    the roles its participants held."""
    on = [PERIOD_START, col.ROLE_ID, col.COMPETENCY_ID]
    rows = changes.merge(cells, on=on, how="inner")
    rows[CHANGE] = rows[AFTER] - rows[BEFORE]
    keys = [COURSE, PERIOD_START, col.ROLE_ID, col.EMPLOYEE_ID]
    grouped = rows.groupby(keys, sort=True, observed=True)
    out = grouped.agg(**{CHANGE: (CHANGE, "mean"), PRIOR: (HISTORY, "mean")})
    return out.reset_index()
