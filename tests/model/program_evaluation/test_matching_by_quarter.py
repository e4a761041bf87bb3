"""The matched comparison (level 3's difference in differences), built a quarter at a time
(`behaviour.participant_effects`): one frame in (course, quarter, role, employee) order, each
match pointing at a participant of its own quarter, a control never enrolled in the course."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from features import columns as col
from features.loading import load_tables
from model.program_evaluation import evaluate_programs
from model.program_evaluation.behaviour import NEIGHBOURS, participant_effects
from model.program_evaluation.facts import COURSE, PERIOD_START, enrolment_facts, sessions


@pytest.fixture(scope="module")
def tables(tiny_world_dirs):
    return load_tables(tiny_world_dirs[0])


@pytest.fixture(scope="module")
def effects(tables):
    as_of = pd.Timestamp(tables.snapshot_date())
    return participant_effects(tables, enrolment_facts(tables, as_of), as_of)


def test_the_quarters_make_one_frame_in_stratum_order(effects):
    participants, matches = effects
    keys = [COURSE, PERIOD_START, col.ROLE_ID, col.EMPLOYEE_ID]
    assert participants[PERIOD_START].nunique() > 1  # several quarters were put together
    assert participants[keys].equals(participants[keys].sort_values(keys, ignore_index=True))
    assert not participants.duplicated([col.EMPLOYEE_ID, COURSE, PERIOD_START]).any()
    assert np.all(np.diff(matches["row"].to_numpy()) >= 0)
    counted = matches.groupby("row").size().reindex(range(len(participants)), fill_value=0)
    assert (counted.to_numpy() == participants["n_controls"].to_numpy()).all()
    assert counted.max() <= NEIGHBOURS


def test_each_match_is_a_colleague_who_never_enrolled_in_the_course(effects, tables):
    participants, matches = effects
    course = sessions(tables.programs).set_index(col.PROGRAM_ID)[COURSE]
    enr = tables.enrollments
    enrolled = set(zip(enr[col.EMPLOYEE_ID], enr[col.PROGRAM_ID].map(course), strict=True))
    of = participants.iloc[matches["row"].to_numpy()]
    assert not any(pair in enrolled for pair in zip(matches["control_id"], of[COURSE], strict=True))
    mean = matches.groupby("row")["change"].mean()
    assert np.allclose(participants.loc[mean.index, "control_change"], mean.to_numpy())


def test_before_any_completion_the_frames_are_empty_not_an_error(tables):
    """An `as_of` before any completed session (an early cut, a new import): no quarter to
    measure, empty frames with their columns, and the evaluation goes on."""
    as_of = pd.Timestamp(tables.snapshot_date()) - pd.Timedelta(days=1500)
    participants, matches = participant_effects(tables, enrolment_facts(tables, as_of), as_of)
    assert participants.empty and matches.empty
    assert {"did", "n_controls", col.PROGRAM_ID} <= set(participants.columns)
    assert evaluate_programs(tables, as_of).summaries["course"] is not None
