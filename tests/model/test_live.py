"""The engine's live state (model/live.py): plain frames in, codes out; what each status blocks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from features import columns as col
from model.bundles.serving import load_serving_bundle
from model.engine import Engine
from model.live import HOLDING_STATUSES, LiveState, live_codes
from model.participants import choose_participants, eligible_employees
from model.why_not import why_not
from store import live as store_live
from tests.overlap_case import overlap_case


@pytest.fixture(scope="module")
def engine(trained) -> Engine:
    return Engine(load_serving_bundle(trained.path))


def frames(approved=(), enrolled=(), taken=None):
    return (
        pd.DataFrame(list(approved), columns=[col.EMPLOYEE_ID, col.PROGRAM_ID], dtype="str"),
        pd.DataFrame(
            list(enrolled), columns=[col.EMPLOYEE_ID, col.PROGRAM_ID, col.STATUS], dtype="str"
        ),
        pd.Series(taken or {}, dtype="int64"),
    )


def test_statuses_that_block(engine):
    """In progress or completed: the course is held. Dropped, failed, no-show: the employee
    left that session, which is not offered again, but the course is not held."""
    employee = str(engine.needs["gap_index"].idxmax())
    program = engine.recommend(employee, k=1)[0]["program_id"]
    e, p = engine.directory.employee_code(employee), engine.directory.program_code(program)
    for status, holds in [("in_progress", True), ("completed", True), ("dropped", False),
                          ("failed", False), ("no_show", False)]:  # fmt: skip
        live = live_codes(engine.state, *frames(enrolled=[(employee, program, status)]))
        shown = [i["program_id"] for i in engine.recommend(employee, k=100, live=live)]
        assert program not in shown, status
        assert bool(live.holds_course(engine.state, np.array([e]), np.array([p]))[0]) is holds
        left = live.left_session(np.array([e]), np.array([p]), len(engine.state.program_ids))
        assert bool(left[0]) is not holds, status
    live = live_codes(engine.state, *frames(approved=[(employee, program)]))
    assert program not in [i["program_id"] for i in engine.recommend(employee, k=100, live=live)]


def test_unknown_ids_are_ignored_and_seats_mapped(engine):
    program = str(engine.state.program_ids[engine.upcoming[0]])
    live = live_codes(
        engine.state, *frames(approved=[("NOPE", program)], taken={program: 3, "NOPE": 9})
    )
    assert len(live.held_courses) == 0
    assert live.taken_seats[engine.directory.program_code(program)] == 3
    assert live.taken_seats.sum() == 3


def test_taken_seats_lower_the_default_seats(engine):
    capacity = engine.programs[col.CAPACITY].to_numpy()[engine.upcoming]
    program = str(engine.state.program_ids[engine.upcoming[int(np.argmax(capacity))]])
    full = int(capacity.max())
    live = live_codes(engine.state, *frames(taken={program: full - 2}))
    summary = choose_participants(engine, program, live=live)["summary"]
    assert summary["seats_available"] == 2 and summary["seats_filled"] <= 2
    over = live_codes(engine.state, *frames(taken={program: full + 5}))
    assert choose_participants(engine, program, live=over)["summary"]["seats_available"] == 0
    empty = LiveState.empty(len(engine.state.program_ids))
    summary = choose_participants(engine, program, live=empty)["summary"]
    assert summary == choose_participants(engine, program)["summary"]


def test_holding_statuses_are_the_stores():
    assert set(HOLDING_STATUSES) == set(store_live.HOLDING_STATUSES)


def test_sessions_held_lists_each_employees_sessions():
    n_programs = 10
    keys = np.array([1 * n_programs + 3, 1 * n_programs + 7, 4 * n_programs + 0], dtype=np.int64)
    live = LiveState(np.zeros(0, dtype=np.int64), np.zeros(n_programs), held_sessions=keys)
    row, program = live.sessions_held(np.array([4, 0, 1, 1]), n_programs)
    assert list(zip(row.tolist(), program.tolist(), strict=True)) == [
        (0, 0), (2, 3), (2, 7), (3, 3), (3, 7)
    ]  # fmt: skip
    assert LiveState.empty(n_programs).sessions_held(np.array([1]), n_programs)[0].size == 0


def test_an_overlapping_session_held_blocks_the_pair(engine):
    case = overlap_case(engine)
    codes = engine.directory.program_code
    e = engine.directory.employee_code(case.employee_id)
    a, b, c = codes(case.a), codes(case.b), codes(case.c)
    for status, blocks in [(None, True), ("in_progress", True), ("completed", True),
                           ("dropped", False), ("failed", False), ("no_show", False)]:  # fmt: skip
        held = (
            frames(approved=[(case.employee_id, case.a)])
            if status is None
            else frames(enrolled=[(case.employee_id, case.a, status)])
        )
        live = live_codes(engine.state, *held)
        rules = engine.eligibility
        assert rules.overlaps_held(np.array([e, e, e]), np.array([b, c, a]), live).tolist() == [
            blocks, False, False  # a itself: the same course, `holds_course`'s
        ], status  # fmt: skip
        shown = [i["program_id"] for i in engine.recommend(case.employee_id, k=1000, live=live)]
        assert (case.b not in shown) is blocks and case.c in shown, status
        eligible, _ = eligible_employees(engine, b, None, (), live=live)
        assert (e not in eligible) is blocks, status
    approved = live_codes(engine.state, *frames(approved=[(case.employee_id, case.a)]))
    answer = why_not(engine, case.b, case.employee_id, live=approved)
    assert answer["not_eligible_because"] == ["overlapping_session"]
    assert why_not(engine, case.c, case.employee_id, live=approved)["eligible"]


def test_score_flags_the_live_rules(engine):
    case = overlap_case(engine)
    pairs = [{"employee_id": case.employee_id, "program_id": p} for p in (case.a, case.b, case.c)]
    assert "overlaps_held_session" not in engine.score(pairs)[0]
    live = live_codes(engine.state, *frames(approved=[(case.employee_id, case.a)]))
    flags = [(r["holds_course"], r["overlaps_held_session"]) for r in engine.score(pairs, live)]
    assert flags == [(True, False), (False, True), (False, False)]
