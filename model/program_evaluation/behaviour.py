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
    rated_by_others,
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
    `n_controls` and `did` (NaN when no match was found), in (course, quarter, role,
    employee) order.
    matches: (participant row, `control_id`) pairs, to count the comparison group.

    A quarter at a time: people are matched within a course, quarter and role, so the
    quarters are independent, and only one quarter's rating changes of everyone are held
    at once (at 65,000 employees all quarters' took 1.5 GiB, docs/national.md).
    """
    done = facts[facts[col.STATUS] == col.COMPLETED]
    done = done.drop_duplicates([col.EMPLOYEE_ID, COURSE, PERIOD_START], ignore_index=True)
    cells_of = _course_competencies(tables, done)
    treated = with_roles(tables, done[[col.EMPLOYEE_ID, COURSE, PERIOD_START, col.PROGRAM_ID]])
    ratings = rated_by_others(tables.evaluations, cells_of[col.COMPETENCY_ID], as_of)
    enrolled = _enrolled_courses(tables)
    quarters = [q for _, q in cells_of.groupby([PERIOD_START, PERIOD_END], sort=True)]
    found = [
        _quarter_effects(tables, ratings, enrolled, quarter, treated)
        for quarter in quarters or [cells_of]  # none: the empty frames, with their columns
    ]
    kept = [f for f in found if len(f[0])] or found[:1]  # a quarter with nobody: typeless
    return _in_order([f[0] for f in kept], [f[1] for f in kept])


def _quarter_effects(
    tables: Tables,
    ratings: pd.DataFrame,
    enrolled: pd.DataFrame,
    quarter: pd.DataFrame,
    treated: pd.DataFrame,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(participants, matches) of one quarter's courses; `quarter` is `_course_competencies`
    of that quarter, `ratings` those known at the evaluation (`rated_by_others`)."""
    needed = quarter[[PERIOD_START, PERIOD_END, col.COMPETENCY_ID]].drop_duplicates()
    changes = with_roles(tables, rating_changes(ratings, needed))
    treated = treated[treated[PERIOD_START].isin(quarter[PERIOD_START])]
    strata = treated[STRATUM].drop_duplicates()
    cells = strata.merge(quarter.drop(columns=PERIOD_END), on=[COURSE, PERIOD_START])
    people = person_changes(changes, cells)
    keys = [col.EMPLOYEE_ID, COURSE, PERIOD_START]
    participants = people.merge(treated[[*keys, col.PROGRAM_ID]], on=keys, how="inner")
    controls = _never_enrolled(people, enrolled)
    return participants, nearest_controls(participants, controls)


def _in_order(
    participants: list[pd.DataFrame], matches: list[pd.DataFrame]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The quarters' participants as one frame in (course, quarter, role, employee) order,
    their matches' rows renumbered, and the differences."""
    offsets = np.cumsum([0, *map(len, participants)])[:-1]
    whole = pd.concat(participants, ignore_index=True)
    rows = pd.concat(
        [m.assign(row=m["row"].to_numpy() + o) for m, o in zip(matches, offsets, strict=True)],
        ignore_index=True,
    )
    order = whole.sort_values([COURSE, PERIOD_START, col.ROLE_ID, col.EMPLOYEE_ID]).index.to_numpy()
    position = np.empty(len(order), dtype="int64")
    position[order] = np.arange(len(order))
    whole = whole.iloc[order].reset_index(drop=True)
    rows = rows.assign(row=position[rows["row"].to_numpy()])
    rows = rows.sort_values("row", kind="stable", ignore_index=True)
    return _with_differences(whole, rows), rows


def _course_competencies(tables: Tables, done: pd.DataFrame) -> pd.DataFrame:
    """(course, period_start, period_end, competency_id) of every quarter with completions."""
    targets = tables.program_competencies[[col.PROGRAM_ID, col.COMPETENCY_ID]]
    quarters = done[[COURSE, PERIOD_START, PERIOD_END, col.PROGRAM_ID]].drop_duplicates()
    cells = quarters.merge(targets, on=col.PROGRAM_ID).drop(columns=col.PROGRAM_ID)
    return cells.drop_duplicates(ignore_index=True)


def _enrolled_courses(tables: Tables) -> pd.DataFrame:
    """(employee_id, course) of every enrolment, whatever its status, once each."""
    course = sessions(tables.programs).set_index(col.PROGRAM_ID)[COURSE]
    enr = tables.enrollments
    return pd.DataFrame(
        {col.EMPLOYEE_ID: enr[col.EMPLOYEE_ID], COURSE: enr[col.PROGRAM_ID].map(course)}
    ).drop_duplicates()


def _never_enrolled(people: pd.DataFrame, enrolled: pd.DataFrame) -> pd.DataFrame:
    """The rows of `people` whose employee never enrolled in any session of the course
    (`enrolled`: `_enrolled_courses`)."""
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
