"""The engine's parts over a trained bundle: eligibility rules, the refusal of a started
program, and the flags of batch scores."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from features import columns as col
from model.bundles.serving import load_serving_bundle
from model.engine import Engine
from model.errors import NotFoundError, SelectionError
from model.participants import choose_participants
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


def test_selecting_participants_for_a_started_program_is_refused(engine):
    p = _started_program(engine)
    program_id = str(engine.directory.program_ids[p])
    with pytest.raises(SelectionError, match="upcoming programs only") as refused:
        choose_participants(engine, program_id)
    assert program_id in refused.value.message and "program_id" in refused.value.details
    upcoming = str(engine.directory.program_ids[engine.eligibility.upcoming[0]])
    assert choose_participants(engine, upcoming)["program_id"] == upcoming


def test_scores_flag_started_programs_completed_courses_and_enrolments(engine):
    ids = engine.directory
    started = _started_program(engine)
    e_done, p_done = _completed_pair(engine)
    e_in, p_in = _enrolled_pair(engine)
    fresh = int(engine.eligibility.upcoming[0])
    e_fresh = int(np.flatnonzero(engine.eligibility.not_taken(
        np.arange(len(ids.employee_ids)), np.full(len(ids.employee_ids), fresh)
    ))[0])  # fmt: skip
    pairs = [(0, started), (e_done, p_done), (e_in, p_in), (e_fresh, fresh)]
    results = engine.score(
        [{"employee_id": ids.employee_ids[e], "program_id": ids.program_ids[p]} for e, p in pairs]
    )
    flags = [(r["program_started"], r["course_completed"], r["enrolled"]) for r in results]
    assert flags[0][0] is True
    assert flags[1][1] is True
    assert flags[2][2] is True
    assert flags[3] == (False, False, False)
    assert all(isinstance(r["in_audience"], bool) for r in results)


def test_units_are_looked_up_in_the_directory(engine):
    unit = str(engine.directory.unit_of[0])
    members = engine.directory.unit_members([unit])
    family = engine.directory.unit_family(unit)  # the unit and its sub-units
    assert 0 in members and np.isin(engine.directory.unit_of[members], family).all()
    assert unit_needs(engine, unit)["employees"] == len(members)
    with pytest.raises(NotFoundError, match="unit"):
        engine.directory.unit_members([unit, "NO-SUCH-UNIT"])


def test_profile_rows_are_found_whatever_order_the_bundle_holds_them_in(engine):
    """A bundle's snapshot holds the profile rows by employee, their ids as categories (read
    in place, nothing copied); an older one, in another order and with text ids, gives the
    same rows, sorted on load."""
    ids = [*engine.state.employee_ids[[3, 0, 7]], "NO-SUCH-EMPLOYEE"]
    rows = engine.directory.profile_rows(ids)
    assert rows[col.EMPLOYEE_ID].unique().tolist() == ids[:3]  # in the order asked
    assert rows[col.COMPETENCY_ID].dtype == "str"  # text again for the answers
    profiles = engine.bundle.profiles
    assert isinstance(profiles[col.EMPLOYEE_ID].dtype, pd.CategoricalDtype)
    assert len(rows) == profiles[col.EMPLOYEE_ID].isin(ids).sum()
    shuffled = profiles.sample(frac=1.0, random_state=0)
    shuffled = shuffled.astype({col.EMPLOYEE_ID: "str", col.COMPETENCY_ID: "str"})
    older = Engine(dataclasses.replace(engine.bundle, profiles=shuffled))
    again = older.directory.profile_rows(ids)
    key = [col.EMPLOYEE_ID, col.COMPETENCY_ID]
    assert again.sort_values(key).equals(rows.sort_values(key))
