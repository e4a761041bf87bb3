"""Who may be offered what: the rules that keep an (employee, program) pair out of
recommendations, participant selections and a unit's program list.

A pair is left out when, as of the bundle's snapshot,
- the program has started (`has_started`): only upcoming programs are offered, and selecting
  participants for a started program is refused (`model.participants`);
- the employee has completed the program's course, in any session (`has_completed_course`);
- the employee is enrolled in this session (`is_enrolled`);
- live (`model.live`): the employee holds the program's course (`LiveState.holds_course`), or a
  session of another course whose days overlap the program's (`overlaps_held`: the decision
  store's overlap rule, `store.rules`, with the session days of `features.sessions`), or left
  this very session (`LiveState.left_session`: dropped, failed, no-show). The store counts
  only its own approvals and enrolments, not the export's, and so does this;
- the program is for other positions or career stages (`in_audience`, `features.audience`),
  unless the caller asks to include them;
- the session's own rules (`meets_session_rules`, `features.session_rules`, docs/rules.md):
  the employee's rank is below the program's `min_grade` (`below_min_grade`), or a
  disciplinary sanction runs on the program's start (`under_sanction`), or the session is
  open to one agency only (`programs.open_to_agency`) and the employee is not of it
  (`other_agency`). These are hard: no caller's option lifts them.

The agency rule also decides which pairs are formed at all (`candidate_pairs`,
`agency_members`): each agency's employees x its sessions and everyone x the open ones, so
that national pair counts grow with the employees, not with employees x all sessions.

`/v1/score` scores every pair it is given and reports these as flags (`flags`).
Arguments `e` and `p` are employee and program codes (`model.directory`), one pair per index.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from features import columns as col
from features.audience import SERVICE_BANDS, open_to, open_to_stages, service_band
from features.keys import codes_of, in_sorted
from features.session_rules import (
    AgencyRule,
    SanctionCalendar,
    below_minimum,
    grade_ranks,
    minimum_ranks,
)
from features.sessions import program_session_days
from features.state import PointInTime, course_key
from model.live import LiveState


class Eligibility:
    """The eligibility rules over one snapshot, prepared once so that a request costs lookups.

    `programs` has one row per program code (`Directory.programs`); `enrollments` are those
    recorded by the snapshot; `grades` the `employees.grade` of each employee code and
    `sanctions` the recorded sanctions (None: not known, nobody is refused by them);
    `unit_of` each employee code's unit and `units` the unit tree, for the sessions open to
    one agency (without `unit_of`, every session is open to all).
    """

    def __init__(
        self,
        state: PointInTime,
        programs: pd.DataFrame,
        enrollments: pd.DataFrame,
        grades: pd.Series | None = None,
        sanctions: pd.DataFrame | None = None,
        unit_of: np.ndarray | None = None,
        units: pd.DataFrame | None = None,
    ) -> None:
        self.state = state
        starts = programs[col.START_DATE]
        self._started = ~(starts > state.as_of).to_numpy()  # no start date: not upcoming
        self.upcoming = np.flatnonzero(~self._started)  # codes of the programs still to start
        days_to_start = (starts - state.as_of).dt.days.to_numpy(dtype=float)
        self._years_to_start = np.maximum(days_to_start, 0.0) / 365.25
        # session days (NaT without a start date: overlaps nothing)
        self._first, self._last = program_session_days(programs)  # its end_date where given
        self._tier_of = state.employees["tier"].to_numpy()
        self._years_of_service = state.employees["tenure_years"].to_numpy()
        e, p, ok = self._codes(enrollments)
        self._enrolled = np.unique(e.astype(np.int64) * len(state.program_ids) + p)
        self._open_to, self._open_to_stages = self._audiences(programs, enrollments, e, p, ok)
        self._min_rank = minimum_ranks(programs.get(col.MIN_GRADE), len(programs))
        self._rank = (
            grade_ranks(grades) if grades is not None
            else np.full(len(state.employee_ids), np.iinfo(np.int8).max, dtype=np.int8)
        )  # fmt: skip  # no grades at all (an old bundle): nobody is below a minimum
        self._start_day = starts.to_numpy(dtype="datetime64[D]")
        self._sanctions = SanctionCalendar(sanctions, state.employee_ids)
        open_to = programs.get(col.OPEN_TO_AGENCY) if unit_of is not None else None
        self.agency = AgencyRule(
            open_to,
            len(programs),
            unit_of if unit_of is not None else np.zeros(len(state.employee_ids), dtype=object),
            units,
        )

    def _codes(self, enrollments: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Employee and program codes of the enrolments both known to the snapshot."""
        e = codes_of(self.state.employee_ids, enrollments[col.EMPLOYEE_ID])
        p = codes_of(self.state.program_ids, enrollments[col.PROGRAM_ID])
        ok = (e >= 0) & (p >= 0)
        return e[ok], p[ok], ok

    def _audiences(
        self,
        programs: pd.DataFrame,
        enrollments: pd.DataFrame,
        e: np.ndarray,
        p: np.ndarray,
        ok: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray]:
        """(programs, tiers) and (programs, career stages): who each program is for
        (`features.audience`). Bundles written before these columns existed restrict nobody."""
        declared = programs.get(col.AUDIENCE)
        if declared is None:
            declared = pd.Series(pd.NA, index=programs.index, dtype="str")
        codes = self.state.course_codes
        if col.TIER in enrollments:  # the tier held when enrolling
            past_tier = pd.Categorical(enrollments[col.TIER], categories=col.TIERS).codes[ok]
        else:  # bundles written before it was recorded: today's
            past_tier = self._tier_of[e]
        tiers = open_to(declared, codes, codes[p], past_tier.astype(np.int64))
        if col.ENROLLED_AT not in enrollments:
            return tiers, np.ones((len(codes), len(SERVICE_BANDS) + 1), dtype=bool)
        years_ago = (self.state.as_of - enrollments[col.ENROLLED_AT]).dt.days.to_numpy()[ok]
        years_then = self._years_of_service[e] - years_ago / 365.25
        return tiers, open_to_stages(codes, codes[p], years_then)

    def has_started(self, p: np.ndarray | int) -> np.ndarray:
        """Whether each program started on or before the snapshot."""
        return self._started[p]

    def is_enrolled(self, e: np.ndarray, p: np.ndarray) -> np.ndarray:
        keys = np.asarray(e, dtype=np.int64) * len(self.state.program_ids) + p
        return in_sorted(keys, self._enrolled)

    def has_completed_course(self, e: np.ndarray, p: np.ndarray) -> np.ndarray:
        """Whether each employee completed program p's course (any of its sessions)."""
        keys = course_key(np.asarray(e), self.state.course_codes[p], self.state.n_courses)
        return in_sorted(keys, self.state.completed_courses)

    def in_audience(self, e: np.ndarray, p: np.ndarray) -> np.ndarray:
        """Whether each employee's tier (unknown: yes) and career stage at the program's start
        are among those program p is for."""
        e, p = np.asarray(e, dtype=np.int64), np.asarray(p, dtype=np.int64)
        tier = self._tier_of[e]
        stage = service_band(self._years_of_service[e] + self._years_to_start[p])
        return ((tier < 0) | self._open_to[p, np.maximum(tier, 0)]) & (
            (stage < 0) | self._open_to_stages[p, np.maximum(stage, 0)]
        )

    def below_min_grade(self, e: np.ndarray, p: np.ndarray) -> np.ndarray:
        """Whether each employee's rank (none recorded: below) is below program p's minimum."""
        e, p = np.asarray(e, dtype=np.int64), np.asarray(p, dtype=np.int64)
        return below_minimum(self._rank[e], self._min_rank[p])

    def under_sanction(self, e: np.ndarray, p: np.ndarray) -> np.ndarray:
        """Whether a sanction of each employee runs on program p's start day."""
        p = np.asarray(p, dtype=np.int64)
        return self._sanctions.running(e, self._start_day[p])

    def other_agency(self, e: np.ndarray, p: np.ndarray) -> np.ndarray:
        """Whether program p is open to one agency only and the employee is not of it."""
        return self.agency.other_agency(e, p)

    def meets_session_rules(self, e: np.ndarray, p: np.ndarray) -> np.ndarray:
        """Neither below the minimum rank, nor under a sanction at the start, nor of another
        agency than the one the session is open to: may join."""
        return ~(self.below_min_grade(e, p) | self.under_sanction(e, p) | self.other_agency(e, p))

    def candidate_pairs(self, e: np.ndarray, p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The pairs of `e` x `p` the agency rule allows, in the product's order (e outer):
        built agency by agency, never as the whole product (`features.session_rules`). The
        other rules are `offerable`'s."""
        return self.agency.pairs(e, p)

    def agency_members(self, p: int) -> np.ndarray | None:
        """The employee codes program p is open to (ascending); None: open to all."""
        return self.agency.members(p)

    def overlaps_held(self, e: np.ndarray, p: np.ndarray, live: LiveState) -> np.ndarray:
        """Whether each employee holds live a session of another course whose days overlap
        program p's: the store would refuse the approval (`store.rules.holding_conflicts`)."""
        e, p = np.asarray(e, dtype=np.int64), np.asarray(p, dtype=np.int64)
        out = np.zeros(len(e), dtype=bool)
        if len(live.held_sessions) == 0:
            return out
        row, held = live.sessions_held(e, len(self.state.program_ids))
        target, courses = p[row], self.state.course_codes
        clash = (
            (courses[held] != courses[target])
            & (self._first[held] <= self._last[target])
            & (self._last[held] >= self._first[target])
        )
        out[row[clash]] = True
        return out

    def not_taken(self, e: np.ndarray, p: np.ndarray, live: LiveState | None = None) -> np.ndarray:
        """Neither completed (the course) nor enrolled (in this session) as of the snapshot,
        nor holding the course or an overlapping session in the live state (`model.live`):
        may still take it."""
        taken = self.has_completed_course(e, p) | self.is_enrolled(e, p)
        if live is not None:
            taken |= live.holds_course(self.state, e, p) | self.overlaps_held(e, p, live)
            taken |= live.left_session(e, p, len(self.state.program_ids))
        return ~taken

    def offerable(
        self,
        e: np.ndarray,
        p: np.ndarray,
        include_outside_audience: bool = False,
        live: LiveState | None = None,
    ) -> np.ndarray:
        """Not taken (`live` included), meeting the session's rules, and in the program's
        audience unless `include_outside_audience`. (Whether the program has started is the
        caller's choice of `p`.)"""
        keep = self.not_taken(e, p, live) & self.meets_session_rules(e, p)
        if not include_outside_audience:
            keep &= self.in_audience(e, p)
        return keep

    def flags(
        self, e: np.ndarray, p: np.ndarray, live: LiveState | None = None
    ) -> dict[str, np.ndarray]:
        """Every rule's verdict per pair, for a caller who scores pairs regardless; the live
        rules (`holds_course`, `overlaps_held_session`) only when the live state is known."""
        flags = {
            "in_audience": self.in_audience(e, p),
            "program_started": self.has_started(p),
            "course_completed": self.has_completed_course(e, p),
            "enrolled": self.is_enrolled(e, p),
            "below_min_grade": self.below_min_grade(e, p),
            "under_sanction": self.under_sanction(e, p),
            "other_agency": self.other_agency(e, p),
        }
        if live is not None:
            flags["holds_course"] = live.holds_course(self.state, e, p)
            flags["overlaps_held_session"] = self.overlaps_held(e, p, live)
        return flags
