"""The demo world's true course effects: what program evaluation is checked against."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from features import columns as col
from features.courses import course_names
from features.demo import generate_world


@pytest.fixture(scope="module")
def world():
    return generate_world(400, seed=3)


def test_true_level_gain_only_for_completed_enrolments(world):
    truth = world.truth["enrollments"]
    status = world.tables[col.ENROLLMENTS][col.STATUS].to_numpy()
    gain = truth["true_level_gain"].to_numpy()
    assert np.isnan(gain[status != col.COMPLETED]).all()
    assert (gain[~np.isnan(gain)] >= 0).all()
    assert (gain[status == col.COMPLETED] > 0).any()


def test_course_effect_is_the_mean_gain_of_its_completers(world):
    programs = world.tables[col.PROGRAMS]
    course = pd.Series(course_names(programs[col.TITLE]).to_numpy(), index=programs[col.PROGRAM_ID])
    truth = world.truth["enrollments"].assign(course=lambda f: f[col.PROGRAM_ID].map(course))
    expected = truth.dropna(subset=["true_level_gain"]).groupby("course")["true_level_gain"]
    effects = world.truth["course_effects"].set_index("course")
    pd.testing.assert_series_equal(
        effects["true_effect"], expected.mean(), check_names=False, check_index_type=False
    )
    assert (effects["n_completed"] == expected.size()).all()
