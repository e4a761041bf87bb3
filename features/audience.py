"""Who a program is for: the tiers the catalogue names, or else those its past participants held.

Some courses are only for some positions: the leadership courses (PKP for pengawas, PKA for
administrators, PKN II for senior leaders), orientation for new civil servants. Recommending
them to anyone else wastes a planner's attention, and selecting anyone else for them wastes a
seat. A catalogue may say so in the optional `audience` column of `programs`; where it does
not, the enrolment history is read for it.

The rule read from history: tier t is outside the audience of course c when, had the course
been open to t, at least MIN_EXPECTED of its past participants would have been from t (t's
share of all enrolments times the course's participants), but fewer than
MAX_SHARE_OF_EXPECTED of that number were. With 5 expected and none seen, chance alone
explains it less than 1% of the time. Courses with few past participants stay open to all.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from features import columns as col

MIN_EXPECTED = 5.0
MAX_SHARE_OF_EXPECTED = 0.1


def open_to(
    declared: pd.Series,
    course_codes: np.ndarray,
    past_course: np.ndarray,
    past_tier: np.ndarray,
) -> np.ndarray:
    """(programs, tiers) booleans, tiers in `columns.TIERS` order: may tier t take program j?

    `declared` is the `audience` column of `programs` (NA where not given) and `course_codes`
    the course of each program (`features.courses`). `past_course` and `past_tier` describe
    past enrolments: the course enrolled in and the participant's tier code (-1 unknown).
    A declared audience wins, then one declared on another session of the same course, then
    the rule read from history.
    """
    n_courses = int(course_codes.max()) + 1 if len(course_codes) else 0
    by_course = learned_audiences(past_course, past_tier, n_courses)
    declared_rows = _declared(declared)
    course_declared = np.zeros_like(by_course)
    has_course_declared = np.zeros(n_courses, dtype=bool)
    said = ~np.isnan(declared_rows[:, 0])
    np.logical_or.at(course_declared, course_codes[said], declared_rows[said] > 0)
    has_course_declared[course_codes[said]] = True
    out = np.where(has_course_declared[:, None], course_declared, by_course)[course_codes]
    return np.where(said[:, None], declared_rows > 0, out)


def learned_audiences(past_course: np.ndarray, past_tier: np.ndarray, n_courses: int) -> np.ndarray:
    """(courses, tiers) booleans from past participation, by the rule in the module text."""
    known = past_tier >= 0
    counts = np.zeros((n_courses, len(col.TIERS)))
    np.add.at(counts, (past_course[known], past_tier[known]), 1.0)
    total = counts.sum()
    if total == 0:
        return np.ones_like(counts, dtype=bool)
    expected = counts.sum(axis=1, keepdims=True) * (counts.sum(axis=0, keepdims=True) / total)
    return ~((expected >= MIN_EXPECTED) & (counts < MAX_SHARE_OF_EXPECTED * expected))


def _declared(declared: pd.Series) -> np.ndarray:
    """(programs, tiers) of 1.0 (named), 0.0 (not named) or NaN (no audience given)."""
    out = np.full((len(declared), len(col.TIERS)), np.nan)
    values = declared.to_numpy(dtype=object)
    for row in np.flatnonzero(pd.notna(values)):
        named = set(str(values[row]).split(col.SET_SEPARATOR))
        out[row] = [tier in named for tier in col.TIERS]
    return out
