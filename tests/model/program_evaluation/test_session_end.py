"""A session's given last day (`programs.end_date`) is its end in the behaviour regression: a
rating change measured before a long session ended does not credit the course with it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from features import columns as col
from model.program_evaluation import regression as rg
from model.program_evaluation.effects import rating_data
from model.program_evaluation.facts import enrolment_facts
from tests.model.program_evaluation import hand_world as hw

PARTICIPANTS = [f"P{i:02d}" for i in range(6)]
CONTROLS = [f"N{i:02d}" for i in range(6)]
# after the second rating (hw.AFTER_DAY): the course ran on, part-time, for nine months
LONG_END = pd.Timestamp("2025-01-15")


def _tables(end_date: pd.Timestamp | None):
    prior = np.full(len(PARTICIPANTS), 2.0)
    evaluations = pd.concat(
        [
            hw.ratings(PARTICIPANTS, "C1", prior, prior + 1.0),
            hw.ratings(CONTROLS, "C1", prior, prior),
        ],
        ignore_index=True,
    )
    programs = hw.programs_frame([hw.program("A-1", "Kursus A Angkatan 1 Tahun 2024")])
    if end_date is not None:
        programs = programs.assign(**{col.END_DATE: pd.Series([end_date], dtype="datetime64[ns]")})
    return hw.tables_of(
        hw.employees_frame(PARTICIPANTS + CONTROLS),
        evaluations,
        programs,
        hw.targets([("A-1", "C1")]),
        hw.enrollments_frame([hw.enrolment(p, "A-1") for p in PARTICIPANTS]),
    )


def test_a_given_end_date_is_the_sessions_end_and_the_pace_the_fallback():
    programs = hw.programs_frame(
        [hw.program("A-1", "Kursus A"), hw.program("B-1", "Kursus B")]
    ).assign(**{col.DURATION_JP: 20})
    presumed = rg.session_ends(programs)
    given = programs.assign(**{col.END_DATE: pd.Series([LONG_END, pd.NaT], dtype="datetime64[ns]")})
    ends = rg.session_ends(given)
    assert ends["A-1"] == LONG_END
    assert ends["B-1"] == presumed["B-1"]  # no end given: presumed from its JP, as before
    assert presumed["A-1"] < hw.AFTER_DAY  # 20 JP in a classroom: three days


def test_a_change_measured_before_the_given_end_is_left_out_as_ambiguous():
    short = _tables(None)
    counted = rating_data(short, enrolment_facts(short, hw.AS_OF), hw.AS_OF)
    assert set(counted.inside[col.EMPLOYEE_ID]) == set(PARTICIPANTS)
    long = _tables(LONG_END)
    data = rating_data(long, enrolment_facts(long, hw.AS_OF), hw.AS_OF)
    assert data.inside.empty
    assert not data.intervals[col.EMPLOYEE_ID].isin(PARTICIPANTS).any()
    assert set(data.intervals[col.EMPLOYEE_ID]) == set(CONTROLS)
