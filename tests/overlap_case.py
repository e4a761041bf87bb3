"""A hand-picked case of the overlap rule on the tiny world: one employee and three upcoming
sessions of three courses, B on days overlapping A's, C on days that do not."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from features.sessions import program_session_days
from model.engine import Engine


@dataclass(frozen=True)
class OverlapCase:
    employee_id: str
    a: str  # held (approved) first
    b: str  # overlaps a: no longer offered
    c: str  # does not overlap a: still offered


def overlap_case(engine: Engine, tries: int = 200) -> OverlapCase:
    """An employee to whom A, B and C may all be offered, B and C both among their
    recommendations (before A is held)."""
    up = engine.upcoming
    programs = engine.programs.iloc[up]
    first, last = program_session_days(programs)  # its end_date where given, as the engine
    course = engine.state.course_codes[up]
    overlaps = (first[:, None] <= last[None, :]) & (last[:, None] >= first[None, :])
    other_course = course[:, None] != course[None, :]
    ids = engine.state.program_ids[up]
    for e in np.argsort(-engine.needs["gap_index"].to_numpy())[:tries]:
        employee_id = str(engine.state.employee_ids[e])
        offerable = engine.eligibility.offerable(np.full(len(up), e), up)
        shown = np.isin(ids, [i["program_id"] for i in engine.recommend(employee_id, k=100)])
        for a in np.flatnonzero(offerable):
            b = np.flatnonzero(shown & overlaps[a] & other_course[a])
            c = np.flatnonzero(shown & ~overlaps[a] & other_course[a])
            if len(b) and len(c):
                return OverlapCase(employee_id, str(ids[a]), str(ids[b[0]]), str(ids[c[0]]))
    raise AssertionError("the tiny world has no overlapping sessions to test with")
