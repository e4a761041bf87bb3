"""Live state: what happened after the export (approvals, enrolments from an LMS), as codes.

The service reads the decision store and hands its rows here as plain frames; the engine never
opens a database. `live_codes` turns them into sorted key arrays once (the service caches the
result until the store changes), so that a request pays binary searches, not a table scan.

What blocks an (employee, program) pair:
- an approved nomination, or an enrolment `in_progress` or `completed`, in any session of the
  program's course: the approval rules (`store.rules`) would refuse a second session of one
  course, so it is not offered;
- an approved nomination, or an enrolment `in_progress` or `completed`, in a session whose days
  overlap the program's (`features.sessions`, the store's overlap rule): the store would refuse
  to approve the employee for two overlapping sessions (`model.eligibility.overlaps_held`);
- a `dropped`, `failed` or `no_show` enrolment blocks that session only (`left_sessions`: the
  store refuses to approve a leaver again for it), never the course nor the calendar (the
  employee may try again); the store no longer counts an approval of a leaver, so it blocks
  nothing either (`store.live.held_approvals`).
Taken seats (approved and not left, or enrolled in progress or completed) lower a selection's
default seats.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from features import columns as col
from features.keys import in_sorted
from features.state import PointInTime, course_key

# The enrolments that hold a course and a place in the calendar: the store's rules use the
# same statuses (`store.live.HOLDING_STATUSES`; a test keeps them equal).
HOLDING_STATUSES = (col.IN_PROGRESS, col.COMPLETED)


@dataclass(frozen=True)
class LiveState:
    """Live facts over one snapshot's codes (made by `live_codes` from the store's
    `store.LiveRows`, which hold the same facts as frames of ids).

    held_courses: sorted unique keys `employee * n_courses + course` (`features.state.course_key`)
        of every course an employee is approved for, enrolled in or has completed.
    taken_seats: per program code, the seats held (approved and not left, or enrolled).
    held_sessions: sorted unique keys `employee * n_programs + program` of every session an
        employee is approved for, enrolled in or has completed (for the overlap rule).
    left_sessions: sorted unique keys `employee * n_programs + program` of every session an
        employee left (enrolment `dropped`, `failed` or `no_show`).
    """

    held_courses: np.ndarray
    taken_seats: np.ndarray
    held_sessions: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    left_sessions: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    @classmethod
    def empty(cls, n_programs: int) -> LiveState:
        return cls(np.zeros(0, dtype=np.int64), np.zeros(n_programs, dtype=np.int64))

    def holds_course(self, state: PointInTime, e: np.ndarray, p: np.ndarray) -> np.ndarray:
        """Whether each employee holds program p's course live (approved, enrolled, completed)."""
        keys = course_key(np.asarray(e), state.course_codes[p], state.n_courses)
        return in_sorted(keys, self.held_courses)

    def left_session(self, e: np.ndarray, p: np.ndarray, n_programs: int) -> np.ndarray:
        """Whether each employee left program p (dropped, failed, no-show): not offered again."""
        keys = np.asarray(e, dtype=np.int64) * n_programs + np.asarray(p, dtype=np.int64)
        return in_sorted(keys, self.left_sessions)

    def sessions_held(self, e: np.ndarray, n_programs: int) -> tuple[np.ndarray, np.ndarray]:
        """(row, program): every session held live by employee `e[row]`, one pair per held
        session (the rows of employees holding none do not appear)."""
        e = np.asarray(e, dtype=np.int64)
        start = np.searchsorted(self.held_sessions, e * n_programs)
        counts = np.searchsorted(self.held_sessions, (e + 1) * n_programs) - start
        row = np.repeat(np.arange(len(e)), counts)
        # position within each employee's run of keys: 0, 1, ... counts[row] - 1
        within = np.arange(len(row)) - np.repeat(np.cumsum(counts) - counts, counts)
        return row, self.held_sessions[start[row] + within] % n_programs


def live_codes(
    state: PointInTime,
    approved: pd.DataFrame,
    enrolled: pd.DataFrame,
    taken_seats: pd.Series,
) -> LiveState:
    """The store's rows (`approved`: employee_id, program_id; `enrolled`: employee_id,
    program_id, status; `taken_seats`: program_id -> count) as codes of `state`. Ids the
    snapshot does not know are ignored."""
    holding = enrolled.loc[enrolled[col.STATUS].isin(HOLDING_STATUSES)]
    ids = pd.concat(
        [approved[[col.EMPLOYEE_ID, col.PROGRAM_ID]], holding[[col.EMPLOYEE_ID, col.PROGRAM_ID]]],
        ignore_index=True,
    )
    e = state.employee_ids.get_indexer(ids[col.EMPLOYEE_ID])
    p = state.program_ids.get_indexer(ids[col.PROGRAM_ID])
    known = (e >= 0) & (p >= 0)
    e, p = e[known].astype(np.int64), p[known].astype(np.int64)
    keys = course_key(e, state.course_codes[p], state.n_courses)
    sessions = np.unique(e * len(state.program_ids) + p)
    seats = np.zeros(len(state.program_ids), dtype=np.int64)
    codes = state.program_ids.get_indexer(taken_seats.index)
    seats[codes[codes >= 0]] = taken_seats.to_numpy(dtype=np.int64)[codes >= 0]
    left = enrolled.loc[enrolled[col.STATUS].isin(col.NOT_COMPLETED)]
    le = state.employee_ids.get_indexer(left[col.EMPLOYEE_ID])
    lp = state.program_ids.get_indexer(left[col.PROGRAM_ID])
    ok = (le >= 0) & (lp >= 0)
    left_keys = np.unique(le[ok].astype(np.int64) * len(state.program_ids) + lp[ok])
    return LiveState(
        held_courses=np.unique(keys),
        taken_seats=seats,
        held_sessions=sessions,
        left_sessions=left_keys,
    )
