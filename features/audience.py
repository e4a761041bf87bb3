"""Who a program is for: by position (tier) and by career stage (years of service).

Some courses are only for some people: the leadership courses (PKP for pengawas, PKA for
administrators, PKN II for senior leaders), the basic training of new civil servants (Latsar,
in their first year). Recommending them to anyone else wastes a planner's attention, and
selecting anyone else for them wastes a seat. A catalogue may name the tiers in the optional
`audience` column of `programs`; where it does not, and for the career stage always, the
enrolment history is read for it.

The rule read from history, for a group g (a tier, or a band of years of service at
enrolment): g is outside the audience of course c when, had the course been open to g, at
least MIN_EXPECTED of its past participants would have been from g (g's share of all
enrolments times the course's participants), but fewer than MAX_SHARE_OF_EXPECTED of that
number were. The bar is set high on purpose: chance alone would explain 5 expected and none
seen less than 1% of the time, but a wrongly closed course hides a fitting program from a
planner for good, while a wrongly open one only costs a glance at an odd suggestion. Courses
with few past participants stay open to all.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from features import columns as col

MIN_EXPECTED = 20.0
MAX_SHARE_OF_EXPECTED = 0.1
# Career stages: years of service below 1, 1-2, 2-5, 5-10, 10-20, and 20 or more.
SERVICE_BANDS = np.array([1.0, 2.0, 5.0, 10.0, 20.0])


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
    by_course = learned_audiences(past_course, past_tier, n_courses, len(col.TIERS))
    declared_rows = _declared(declared)
    course_declared = np.zeros_like(by_course)
    has_course_declared = np.zeros(n_courses, dtype=bool)
    said = ~np.isnan(declared_rows[:, 0])
    np.logical_or.at(course_declared, course_codes[said], declared_rows[said] > 0)
    has_course_declared[course_codes[said]] = True
    out = np.where(has_course_declared[:, None], course_declared, by_course)[course_codes]
    return np.where(said[:, None], declared_rows > 0, out)


def open_to_stages(
    course_codes: np.ndarray, past_course: np.ndarray, past_years: np.ndarray
) -> np.ndarray:
    """(programs, service bands) booleans: may people at this career stage take program j?

    `past_years` is each past participant's years of service when they enrolled."""
    n_courses = int(course_codes.max()) + 1 if len(course_codes) else 0
    bands = service_band(past_years)
    return learned_audiences(past_course, bands, n_courses, len(SERVICE_BANDS) + 1)[course_codes]


def service_band(years: np.ndarray) -> np.ndarray:
    """The career-stage band of each number of years of service (-1 where unknown)."""
    years = np.asarray(years, dtype=float)
    band = np.searchsorted(SERVICE_BANDS, years, side="right")
    return np.where(np.isnan(years), -1, band)


def learned_audiences(
    past_course: np.ndarray, past_group: np.ndarray, n_courses: int, n_groups: int
) -> np.ndarray:
    """(courses, groups) booleans from past participation, by the rule in the module text.

    `past_group` holds each past participant's group code, -1 where unknown (not counted)."""
    known = past_group >= 0
    counts = np.zeros((n_courses, n_groups))
    np.add.at(counts, (past_course[known], past_group[known]), 1.0)
    total = counts.sum()
    if total == 0:
        return np.ones_like(counts, dtype=bool)
    expected = counts.sum(axis=1, keepdims=True) * (counts.sum(axis=0, keepdims=True) / total)
    return ~((expected >= MIN_EXPECTED) & (counts < MAX_SHARE_OF_EXPECTED * expected))


def _declared(declared: pd.Series) -> np.ndarray:
    """(programs, tiers) of 1.0 (named), 0.0 (not named) or NaN (no audience given)."""
    out = np.full((len(declared), len(col.TIERS)), np.nan)
    values = declared.reset_index(drop=True)
    given = values.notna().to_numpy()
    out[given] = 0.0
    named = values[given].str.split(col.SET_SEPARATOR).explode()
    codes = pd.Categorical(named, categories=col.TIERS).codes
    known = codes >= 0
    out[named.index.to_numpy()[known], codes[known]] = 1.0
    return out
