"""The engine's live state (model/live.py): plain frames in, codes out; what each status blocks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from features import columns as col
from model.engine import Engine
from model.live import LiveState, live_codes
from model.participants import choose_participants
from model.serving_bundle import load_serving_bundle


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
    employee = str(engine.needs["gap_index"].idxmax())
    program = engine.recommend(employee, k=1)[0]["program_id"]
    for status, blocks in [("in_progress", True), ("completed", True), ("dropped", False),
                           ("failed", False), ("no_show", False)]:  # fmt: skip
        live = live_codes(engine.state, *frames(enrolled=[(employee, program, status)]))
        shown = [i["program_id"] for i in engine.recommend(employee, k=100, live=live)]
        assert (program not in shown) is blocks, status
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
