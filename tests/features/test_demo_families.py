"""World families: the second family's hidden functions on hand-checkable cases, and worlds
of both families sharing everything but those functions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from features import columns as col
from features.demo import family_thresholds as thresholds
from features.demo import generate_world
from features.demo.__main__ import main
from features.demo.catalogue import provider_quality
from features.demo.mechanisms import MAX_TARGETS, Learners, Offerings

CLASSROOM, E_LEARNING = col.METHODS.index("classroom"), col.METHODS.index("e_learning")


def _learners(levels: list[float], workload: float = 0.2, island: bool = False) -> Learners:
    """One person per level, one competency required at level 4 with weight 1."""
    n = len(levels)
    return Learners(
        levels=np.array(levels, dtype="float64")[:, None],
        required=np.full((n, 1), 4, dtype="int8"),
        weight=np.ones((n, 1), dtype="float32"),
        affinity=np.full(n, 0.5),
        overconfidence=np.zeros(n),
        workload=np.full(n, workload),
        conscientiousness=np.zeros(n),
        service_years=np.full(n, 10.0),
        low_rating=np.zeros(n),
        island=np.full(n, island),
    )


def _offering(method: int = CLASSROOM, jp: float = 60.0, quality: float = 1.0) -> Offerings:
    """One program lifting competency 0 to level 4."""
    pad = MAX_TARGETS - 1
    return Offerings(
        competency=np.array([[0] + [-1] * pad]),
        target=np.array([[4.0] + [0.0] * pad]),
        weight=np.array([[1.0] + [0.0] * pad]),
        method=np.array([method]),
        duration_jp=np.array([jp]),
        island=np.array([False]),
        quality=np.array([quality]),
    )


def _gains(learners: Learners, offering: Offerings) -> np.ndarray:
    n = len(learners.workload)
    return thresholds.level_gains(learners, offering, np.arange(n), np.zeros(n, int))[:, 0]


def test_a_course_far_above_ones_level_teaches_a_fifth():
    gains = _gains(_learners([3.0, 1.5]), _offering())
    assert gains[0] == pytest.approx(min(thresholds.STEP_LEVELS, 1.0))  # ready: room 1.0
    assert gains[1] == pytest.approx(thresholds.STEP_LEVELS * thresholds.OVER_HEAD)  # room 2.5


def test_the_provider_and_the_hours_set_the_lift_with_diminishing_returns():
    learner = _learners([2.0])
    good, poor = _gains(learner, _offering(quality=1.2)), _gains(learner, _offering(quality=0.6))
    assert good[0] == pytest.approx(2 * poor[0])
    short = _gains(learner, _offering(jp=15.0))[0]  # a quarter of the hours: half the lift
    assert short == pytest.approx(0.5 * _gains(learner, _offering(jp=60.0))[0])
    assert _gains(learner, _offering(jp=240.0))[0] == _gains(learner, _offering(jp=60.0))[0]


def test_reaching_the_standard_is_worth_a_bonus_beyond_the_closed_gap():
    learners, offering = _learners([3.0, 3.0]), _offering()
    emp, prog = np.arange(2), np.zeros(2, int)
    reach = np.array([[1.0] + [0.0] * (MAX_TARGETS - 1)], dtype="float32")
    short = np.array([[0.5] + [0.0] * (MAX_TARGETS - 1)], dtype="float32")
    worth = thresholds.benefit(learners, offering, emp, prog, np.vstack([reach, short]))
    curve = 1.0 - np.exp(-thresholds.WORTH_CURVE)
    assert worth[0] == pytest.approx(1.0 + thresholds.STANDARD_BONUS)
    assert worth[1] == pytest.approx((1.0 - np.exp(-thresholds.WORTH_CURVE * 0.5)) / curve)
    assert worth[1] > 0.5  # the first half level is worth more than half of a whole one


def test_workload_and_distance_keep_people_from_completing():
    offering, one = _offering(), np.zeros(1, int)
    rested = thresholds.outcome_hazards(_learners([3.0], workload=0.0), offering, one, one)
    busy = thresholds.outcome_hazards(_learners([3.0], workload=1.0), offering, one, one)
    away = thresholds.outcome_hazards(_learners([3.0], island=True), offering, one, one)
    assert busy.sum() > rested.sum() and away[0, 0] > rested[0, 0]
    online = _offering(method=E_LEARNING)
    assert thresholds.outcome_hazards(_learners([3.0], island=True), online, one, one)[
        0, 0
    ] == pytest.approx(np.exp(-3.3))  # nobody travels to an e-learning course


def test_provider_quality_is_fixed_by_the_name():
    names = np.array(["BPSDM DKI", "LAN", "BPSDM DKI", None], dtype=object)
    quality = provider_quality(names)
    assert quality[0] == quality[2] and quality.min() >= 0.5 and quality.max() <= 1.3


@pytest.fixture(scope="module")
def twins():
    return generate_world(400, seed=3), generate_world(400, seed=3, family="thresholds")


def test_the_families_share_the_organisation_and_differ_in_the_truth(twins):
    jakarta, other = twins
    assert (jakarta.meta["family"], other.meta["family"]) == ("jakarta", "thresholds")
    for table in (col.COMPETENCIES, col.JOB_ROLES, col.UNITS):
        pd.testing.assert_frame_equal(jakarta.tables[table], other.tables[table])
    a, b = jakarta.truth["upcoming_pairs"], other.truth["upcoming_pairs"]
    assert not np.allclose(a["true_benefit"], b["true_benefit"])
    expected = b["true_benefit"] * b["true_completion_probability"]
    assert np.allclose(b["true_expected_gain"], expected)
    assert (b["true_benefit"] > 0).mean() > 0.02


def test_an_unknown_family_is_refused_and_the_command_line_names_one(tmp_path):
    with pytest.raises(ValueError, match="family must be one of"):
        generate_world(100, family="linear")
    args = ["--out", str(tmp_path / "d"), "--truth-out", str(tmp_path / "t")]
    assert main([*args, "--employees", "120", "--family", "thresholds"]) == 0
