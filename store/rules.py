"""The approval rules as pure functions over plain arrays: sessions, overlaps, the same course.

How long a session lasts is `features.sessions.session_days` (the annual plan uses it too).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from features import columns as col
from features.sessions import session_days
from store.errors import (
    HOLDS_OVERLAPPING,
    HOLDS_PROGRAM,
    HOLDS_SAME_COURSE,
    Refusal,
    refusal,
)

FIRST_DAY, LAST_DAY, COURSE = "first_day", "last_day", "course"


@dataclass(frozen=True)
class ProgramFacts:
    """What the approval rules need to know of a program, from the serving bundle's catalogue.

    `course` names the course the session belongs to (sessions of one course share it);
    `end_date` is the session's last day where the export gives it (None: estimated from JP).
    """

    capacity: int
    cost: float
    start_date: date
    duration_jp: int
    course: str
    end_date: date | None = None


def facts_frame(programs: Mapping[str, ProgramFacts], program_ids: list[str]) -> pd.DataFrame:
    """One row per known program of `program_ids`: its course and session days."""
    known = [p for p in dict.fromkeys(program_ids) if p in programs]
    facts = [programs[p] for p in known]
    first, last = session_days(
        np.array([f.start_date for f in facts], dtype="datetime64[D]"),
        np.array([f.duration_jp for f in facts], dtype=int),
        np.array([f.end_date or "NaT" for f in facts], dtype="datetime64[D]"),
    )
    return pd.DataFrame(
        {
            col.PROGRAM_ID: pd.Series(known, dtype="str"),
            COURSE: pd.Series([f.course for f in facts], dtype="str"),
            FIRST_DAY: first,
            LAST_DAY: last,
        }
    )


def holding_conflicts(holdings: pd.DataFrame, target: str, facts: pd.DataFrame) -> pd.DataFrame:
    """The holdings (`employee_id`, `program_id`, `held`) that forbid approving for `target`,
    with the refusal `code` of each (the same program held already, another session of the
    same course, or an overlapping session) and that session's `first` and `last` days.
    Holdings of programs without facts are not checked."""
    target_row = facts.loc[facts[col.PROGRAM_ID] == target].iloc[0]
    held = holdings.merge(facts, on=col.PROGRAM_ID, how="left")
    same_program = (held[col.PROGRAM_ID] == target).to_numpy()
    same_course = ~same_program & (held[COURSE] == target_row[COURSE]).to_numpy()
    overlap = (
        ~same_program
        & ~same_course
        & (held[FIRST_DAY] <= target_row[LAST_DAY]).to_numpy()
        & (held[LAST_DAY] >= target_row[FIRST_DAY]).to_numpy()
    )
    code = np.select(
        [same_program, same_course, overlap],
        [HOLDS_PROGRAM, HOLDS_SAME_COURSE, HOLDS_OVERLAPPING],
        default="",
    )
    found = held.assign(
        code=code,
        first=held[FIRST_DAY].dt.strftime("%Y-%m-%d"),
        last=held[LAST_DAY].dt.strftime("%Y-%m-%d"),
    )
    return found.loc[code != "", [col.EMPLOYEE_ID, "code", "held", col.PROGRAM_ID, "first", "last"]]


def holding_refusal(conflict: Any) -> Refusal:
    """The refusal of one row of `holding_conflicts` (its fields as attributes)."""
    if conflict.code == HOLDS_PROGRAM:
        return refusal(HOLDS_PROGRAM, held=conflict.held)
    if conflict.code == HOLDS_SAME_COURSE:
        return refusal(HOLDS_SAME_COURSE, held=conflict.held, program=conflict.program_id)
    return refusal(HOLDS_OVERLAPPING, held=conflict.held, program=conflict.program_id,
                   first=conflict.first, last=conflict.last)  # fmt: skip
