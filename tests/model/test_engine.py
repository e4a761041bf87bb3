"""The engine's parts over a trained bundle."""

from __future__ import annotations

import numpy as np
import pytest

from features import columns as col
from model.engine import Engine
from model.errors import NotFoundError
from model.serving_bundle import load_serving_bundle
from model.unit_needs import unit_needs


@pytest.fixture(scope="module")
def engine(trained) -> Engine:
    return Engine(load_serving_bundle(trained.path))


def _started_program(engine: Engine) -> int:
    started = np.flatnonzero(engine.eligibility.has_started(np.arange(len(engine.programs))))
    assert len(started) > 0
    return int(started[-1])


def _completed_pair(engine: Engine) -> tuple[int, int]:
    """An employee and a program whose course that employee completed."""
    state = engine.state
    key = int(state.completed_courses[0])
    e, course = divmod(key, state.n_courses)
    return e, int(np.flatnonzero(state.course_codes == course)[0])


def _enrolled_pair(engine: Engine) -> tuple[int, int]:
    row = engine.bundle.enrollments.iloc[-1]
    directory = engine.directory
    return directory.employee_code(row[col.EMPLOYEE_ID]), directory.program_code(
        row[col.PROGRAM_ID]
    )


def test_started_programs_are_exactly_the_not_upcoming_ones(engine):
    codes = np.arange(len(engine.programs))
    started = engine.eligibility.has_started(codes)
    assert np.array_equal(np.flatnonzero(~started), engine.eligibility.upcoming)
    starts = engine.programs[col.START_DATE].to_numpy()
    assert (starts[started] <= np.datetime64(engine.state.as_of)).all()


def test_units_are_looked_up_in_the_directory(engine):
    unit = str(engine.directory.unit_of[0])
    members = engine.directory.unit_members([unit])
    assert 0 in members and (engine.directory.unit_of[members] == unit).all()
    assert unit_needs(engine, unit)["employees"] == len(members)
    with pytest.raises(NotFoundError, match="unit"):
        engine.directory.unit_members([unit, "NO-SUCH-UNIT"])
