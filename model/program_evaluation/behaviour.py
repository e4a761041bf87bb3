"""Level 3: did attendees' behaviour at work change more than that of comparable colleagues?

Every participant who completed a session is matched to up to `NEIGHBOURS` employees who held
the same role when the quarter began, were rated on the course's competencies by the same
sources over the same period, started from a similar level (their mean rating over the two
years before, within `CALIPER`), and never enrolled in the course. The participant's
difference in differences is their own change minus the mean change of their matches; a
course's effect is the mean over its participants.

Matching on the prior rating is what protects against regression to the mean: people sent
because a rating was low tend to be rated higher next time anyway, and so do their matches.
Matching on the one "before" rating alone would overdo it when attendees and colleagues differ
in their true level (Daw and Hatfield, 2018): its noise would then pick the matches, so the
prior is the mean of every rating over two years, which shrinks that noise.
The naive before/after (the participant's own change) is kept beside it as the baseline.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from features import columns as col
from features.tables import Tables
from model.program_evaluation.changes import (
    CHANGE,
    PRIOR,
    person_changes,
    rating_changes,
    with_roles,
)
from model.program_evaluation.facts import COURSE, PERIOD_END, PERIOD_START, sessions

NEIGHBOURS = 5
CALIPER = 0.5  # levels: a match's prior rating is at most this far from the participant's
CONTROL_CHANGE, N_CONTROLS, DID = "control_change", "n_controls", "did"
CONTROL_ID = "control_id"
STRATUM = [COURSE, PERIOD_START, col.ROLE_ID]


def participant_effects(
    tables: Tables, facts: pd.DataFrame, as_of: pd.Timestamp
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(participants, matches) of every course.

    participants: one row per completed (employee, course, quarter) rated before and after,
    with the session's program_id, its own `change` (the naive estimate), `control_change`,
    `n_controls` and `did` (NaN when no match was found).
    matches: (participant row, `control_id`) pairs, to count the comparison group.
    """
    done = facts[facts[col.STATUS] == col.COMPLETED]
    done = done.drop_duplicates([col.EMPLOYEE_ID, COURSE, PERIOD_START], ignore_index=True)
    cells_of = _course_competencies(tables, done)
    needed = cells_of[[PERIOD_START, PERIOD_END, col.COMPETENCY_ID]].drop_duplicates()
    changes = with_roles(tables, rating_changes(tables.evaluations, needed, as_of))
    treated = with_roles(tables, done[[col.EMPLOYEE_ID, COURSE, PERIOD_START, col.PROGRAM_ID]])
    strata = treated[STRATUM].drop_duplicates()
    cells = strata.merge(cells_of.drop(columns=PERIOD_END), on=[COURSE, PERIOD_START])
    people = person_changes(changes, cells)
    keys = [col.EMPLOYEE_ID, COURSE, PERIOD_START]
    participants = people.merge(treated[[*keys, col.PROGRAM_ID]], on=keys, how="inner")
    controls = _never_enrolled(people, tables)
    matches = nearest_controls(participants, controls)
    return _with_differences(participants, matches), matches


def _course_competencies(tables: Tables, done: pd.DataFrame) -> pd.DataFrame:
    """(course, period_start, period_end, competency_id) of every quarter with completions."""
    targets = tables.program_competencies[[col.PROGRAM_ID, col.COMPETENCY_ID]]
    quarters = done[[COURSE, PERIOD_START, PERIOD_END, col.PROGRAM_ID]].drop_duplicates()
    cells = quarters.merge(targets, on=col.PROGRAM_ID).drop(columns=col.PROGRAM_ID)
    return cells.drop_duplicates(ignore_index=True)


def _never_enrolled(people: pd.DataFrame, tables: Tables) -> pd.DataFrame:
    """The rows of `people` whose employee never enrolled in any session of the course."""
    course = sessions(tables.programs).set_index(col.PROGRAM_ID)[COURSE]
    enr = tables.enrollments
    enrolled = pd.DataFrame(
        {col.EMPLOYEE_ID: enr[col.EMPLOYEE_ID], COURSE: enr[col.PROGRAM_ID].map(course)}
    ).drop_duplicates()
    flagged = people.merge(enrolled.assign(_in=True), on=[col.EMPLOYEE_ID, COURSE], how="left")
    return people[flagged["_in"].isna().to_numpy()].reset_index(drop=True)


def nearest_controls(
    treated: pd.DataFrame, controls: pd.DataFrame, k: int = NEIGHBOURS, caliper: float = CALIPER
) -> pd.DataFrame:
    """Up to `k` controls per treated row from the same stratum (course, quarter, role), the
    nearest by prior level and within `caliper`; with replacement (a colleague may serve
    several participants). Returns `row` (into `treated`), `control_id`, `change`."""
    codes = _stratum_codes(treated, controls)
    t_code, c_code = codes[: len(treated)], codes[len(treated) :]
    order = np.lexsort((controls[PRIOR].to_numpy(), c_code))
    c_code, c_prior = c_code[order], controls[PRIOR].to_numpy()[order]
    # Levels lie in [1, 5]: stratum * 10 + level sorts by stratum, then level.
    position = np.searchsorted(c_code * 10.0 + c_prior, t_code * 10.0 + treated[PRIOR].to_numpy())
    window = position[:, None] + np.arange(-k, k)[None, :]
    inside = (window >= 0) & (window < len(c_code))
    window = np.clip(window, 0, max(len(c_code) - 1, 0))
    if len(c_code) == 0:
        return _matches(np.empty(0, int), np.empty(0, int), controls, order)
    distance = np.abs(c_prior[window] - treated[PRIOR].to_numpy()[:, None])
    usable = inside & (c_code[window] == t_code[:, None]) & (distance <= caliper)
    distance = np.where(usable, distance, np.inf)
    nearest = np.argsort(distance, axis=1, kind="stable")[:, :k]
    chosen = np.take_along_axis(window, nearest, axis=1)
    kept = np.take_along_axis(usable, nearest, axis=1)
    row, slot = np.nonzero(kept)
    return _matches(row, chosen[row, slot], controls, order)


def _stratum_codes(treated: pd.DataFrame, controls: pd.DataFrame) -> np.ndarray:
    both = pd.concat([treated[STRATUM], controls[STRATUM]], ignore_index=True)
    return both.groupby(STRATUM, sort=False, dropna=False).ngroup().to_numpy()


def _matches(
    row: np.ndarray, sorted_index: np.ndarray, controls: pd.DataFrame, order: np.ndarray
) -> pd.DataFrame:
    picked = order[sorted_index] if len(order) else sorted_index
    return pd.DataFrame(
        {
            "row": row.astype("int64"),
            CONTROL_ID: controls[col.EMPLOYEE_ID].to_numpy()[picked],
            CHANGE: controls[CHANGE].to_numpy()[picked],
        }
    )


def _with_differences(participants: pd.DataFrame, matches: pd.DataFrame) -> pd.DataFrame:
    grouped = matches.groupby("row")[CHANGE]
    mean = grouped.mean().reindex(range(len(participants)))
    count = grouped.size().reindex(range(len(participants)), fill_value=0)
    return participants.assign(
        **{
            CONTROL_CHANGE: mean.to_numpy(),
            N_CONTROLS: count.to_numpy(),
            DID: participants[CHANGE].to_numpy() - mean.to_numpy(),
        }
    )
