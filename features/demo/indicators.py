"""Level 4 of the demo world: public-service indicators of units, quarter by quarter.

Each unit reports a satisfaction index (IKM, higher is better) and the days it takes to issue
a document (lower is better). Both follow the competence its staff gained from completed
training (the true benefit of completed enrolments, by the unit held when enrolling, per
head), on top of the unit's own level, a common trend and noise. So units that sent many
people do improve more: what program evaluation's level 4 should find as an association.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from features import columns as col
from features.demo.truth import TRUE_BENEFIT

# name, higher_is_better, mean level, spread between units, change per unit of benefit per
# head, trend per quarter, noise
INDICATORS = (
    ("ikm_satisfaction_index", True, 78.0, 4.0, 8.0, 0.1, 1.0),
    ("days_to_issue_document", False, 12.0, 2.5, -4.0, -0.02, 0.5),
)
SHOWS_AFTER = pd.Timedelta(days=30)  # a course's benefit shows a month after its start


def unit_indicators_table(
    tables: dict[str, pd.DataFrame],
    enrolment_truth: pd.DataFrame,
    first: np.datetime64,
    snapshot: np.datetime64,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """One row per (unit, quarter from `first` to the snapshot's, indicator)."""
    units = tables[col.UNITS][col.UNIT_ID].to_numpy()
    starts = pd.period_range(pd.Timestamp(first), pd.Timestamp(snapshot), freq="Q").start_time
    per_head = _benefit_per_head(tables, enrolment_truth, units, starts)  # (units, quarters)
    frames = []
    for name, higher, mean, spread, slope, trend, noise in INDICATORS:  # two indicators
        base = rng.normal(mean, spread, units.size)[:, None]
        drift = trend * np.arange(starts.size)[None, :]
        value = base + drift + slope * per_head + rng.normal(0.0, noise, per_head.shape)
        frames.append(
            pd.DataFrame(
                {
                    col.UNIT_ID: np.repeat(units, starts.size),
                    col.PERIOD_START: np.tile(starts.to_numpy(), units.size),
                    col.INDICATOR: name,
                    col.VALUE: np.round(np.maximum(value, 0.5), 2).ravel(),
                    col.HIGHER_IS_BETTER: "true" if higher else "false",  # as exported
                }
            )
        )
    return pd.concat(frames, ignore_index=True).astype({col.UNIT_ID: "str", col.INDICATOR: "str"})


def _benefit_per_head(
    tables: dict[str, pd.DataFrame],
    enrolment_truth: pd.DataFrame,
    units: np.ndarray,
    starts: pd.DatetimeIndex,
) -> np.ndarray:
    """(units, quarters): true benefit of completed training shown by each quarter's start,
    summed over the unit's staff when they enrolled, per head of today's staff."""
    enr = tables[col.ENROLLMENTS][[col.EMPLOYEE_ID, col.PROGRAM_ID, col.STATUS, col.ENROLLED_AT]]
    enr = enr.assign(benefit=enrolment_truth[TRUE_BENEFIT].to_numpy())
    enr = enr[enr[col.STATUS] == col.COMPLETED]
    start = tables[col.PROGRAMS].set_index(col.PROGRAM_ID)[col.START_DATE]
    shows = enr[col.PROGRAM_ID].map(start).to_numpy() + SHOWS_AFTER
    unit = _unit_when(tables, enr)
    row = pd.Index(units).get_indexer(unit)
    quarter = np.searchsorted(starts.to_numpy(), shows, side="left")  # first quarter after
    known = (row >= 0) & (quarter < starts.size)
    gained = np.zeros((units.size, starts.size))
    np.add.at(gained, (row[known], quarter[known]), enr["benefit"].to_numpy()[known])
    heads = tables[col.EMPLOYEES][col.UNIT_ID].value_counts().reindex(units, fill_value=0)
    return np.cumsum(gained, axis=1) / np.maximum(heads.to_numpy(), 1)[:, None]


def _unit_when(tables: dict[str, pd.DataFrame], enr: pd.DataFrame) -> np.ndarray:
    """The unit each enrolment's employee held when enrolling (today's without a history)."""
    today = tables[col.EMPLOYEES].set_index(col.EMPLOYEE_ID)[col.UNIT_ID]
    history = tables.get("assignments")
    if history is None or history.empty:
        return enr[col.EMPLOYEE_ID].map(today).to_numpy()
    query = enr[[col.EMPLOYEE_ID, col.ENROLLED_AT]].reset_index(drop=True)
    query = query.assign(_row=np.arange(len(query))).sort_values(col.ENROLLED_AT)
    held = pd.merge_asof(
        query,
        history.sort_values(col.START_DATE),
        left_on=col.ENROLLED_AT,
        right_on=col.START_DATE,
        by=col.EMPLOYEE_ID,
        direction="backward",
    ).sort_values("_row")
    fallback = held[col.EMPLOYEE_ID].map(today)
    return held[col.UNIT_ID].fillna(fallback).to_numpy()
