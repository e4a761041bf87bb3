"""The approval rules as pure functions over plain arrays: sessions, overlaps, the same course.

How long a session lasts is `features.sessions.session_days` (the annual plan uses it too).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from features import columns as col
from features.sessions import session_days

FIRST_DAY, LAST_DAY, COURSE = "first_day", "last_day", "course"


@dataclass(frozen=True)
class ProgramFacts:
    """What the approval rules need to know of a program, from the serving bundle's catalogue.

    `course` names the course the session belongs to (sessions of one course share it).
    """

    capacity: int
    cost: float
    start_date: date
    duration_jp: int
    course: str


def facts_frame(programs: Mapping[str, ProgramFacts], program_ids: list[str]) -> pd.DataFrame:
    """One row per known program of `program_ids`: its course and session days."""
    known = [p for p in dict.fromkeys(program_ids) if p in programs]
    facts = [programs[p] for p in known]
    first, last = session_days(
        np.array([f.start_date for f in facts], dtype="datetime64[D]"),
        np.array([f.duration_jp for f in facts], dtype=int),
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
    """The holdings (`employee_id`, `program_id`, `what`) that forbid approving for `target`,
    with the `why` of each: the same program held already, another session of the same
    course, or an overlapping session. Holdings of programs without facts are not checked."""
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
    when = held[FIRST_DAY].dt.strftime("%Y-%m-%d") + " to " + held[LAST_DAY].dt.strftime("%Y-%m-%d")
    why = np.select(
        [same_program, same_course, overlap],
        [
            held["what"] + " this program",
            held["what"] + " another session of the same course: program " + held[col.PROGRAM_ID],
            held["what"] + " an overlapping session: program " + held[col.PROGRAM_ID] + ", " + when,
        ],
        default="",
    )
    return held.assign(why=why).loc[why != "", [col.EMPLOYEE_ID, "why"]]
