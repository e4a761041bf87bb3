"""Pair features on the hand world: every number checked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from features import columns as col
from features.loading import load_tables
from features.pairs import FEATURE_NAMES, pair_features, pair_features_by_code
from features.state import point_in_time
from features.tables import Tables
from tests.hand_world import AS_OF, enrollment, evaluation, hand_tables

EVALUATIONS = [
    evaluation("A", "M.1", 2.0, "assessment_center", AS_OF),
    evaluation("B", "M.1", 4.0, "assessment_center", AS_OF),
]
ENROLLMENTS = [
    enrollment("A", "P24", "2025-02-01", "completed", reaction_score=4.0),
    enrollment("A", "P2", "2026-02-10", "dropped"),
]
PAIRS = [("A", "U1"), ("B", "U1"), ("A", "U2"), ("C", "U2")]


def _features(tables) -> pd.DataFrame:
    state = point_in_time(tables, AS_OF)
    emps, progs = zip(*PAIRS, strict=True)
    return pair_features(state, list(emps), list(progs)).set_index(pd.Index(PAIRS))


@pytest.fixture(scope="module")
def features() -> pd.DataFrame:
    return _features(hand_tables(EVALUATIONS, ENROLLMENTS))


def test_gap_coverage_by_hand(features):
    # typical M.1 = 3.0; A: (2 + 3) / 2 = 2.5, required 3 (weight 2); U1 targets 4
    a = features.loc[("A", "U1")]
    assert a["coverage"] == pytest.approx(2 * (3 - 2.5))
    assert a["coverage_share"] == pytest.approx(1.0)  # T.1 has no gap: all of A's gap is M.1
    assert a["stretch"] == pytest.approx(4 - 2.5)
    assert a["overshoot"] == pytest.approx(0.5)
    assert a["already_meets_share"] == 0.0
    assert a["gap_confidence"] == pytest.approx(0.5)
    # expected under uncertainty: spread 0.5 (default: too few repeated evaluations) x
    # sqrt(1 - 0.5) = 0.354; E max(0, 0.5 - error) = 0.5 Phi(1.414) + 0.354 phi(1.414) = 0.5127
    assert a["expected_coverage"] == pytest.approx(2 * 0.5127, abs=1e-3)
    b = features.loc[("B", "U1")]  # B: (4 + 3) / 2 = 3.5, above the requirement
    assert b["coverage"] == 0.0 and b["program_gap"] == 0.0
    # E max(0, -0.5 - error) = -0.5 Phi(-1.414) + 0.354 phi(1.414) = 0.0127: a small chance
    assert b["expected_coverage"] == pytest.approx(2 * 0.0127, abs=1e-3)
    assert b["stretch"] == pytest.approx(0.5)


def test_off_standard_share_and_location(features):
    u2 = features.loc[("A", "U2")]
    assert u2["off_standard_share"] == pytest.approx(0.5)  # M.2 is not in A's standard
    assert u2["coverage"] == 0.0  # T.1: nobody evaluated, typical = required = 2 already
    assert features.loc[("B", "U1"), "location_mismatch"] == 1.0  # Kepulauan Seribu
    assert features.loc[("A", "U1"), "location_mismatch"] == 0.0
    assert features.loc[("A", "U2"), "location_mismatch"] == 0.0  # e-learning goes anywhere


def test_history_rates_by_hand(features):
    # prior = 1 completed of 2 known; smoothing 3
    a1, a2 = features.loc[("A", "U1")], features.loc[("A", "U2")]
    assert a1["completion_rate"] == pytest.approx((1 + 3 * 0.5) / (2 + 3))
    assert a1["method_completion_rate"] == pytest.approx((1 + 3 * 0.5) / (1 + 3))
    assert a2["method_completion_rate"] == pytest.approx((0 + 3 * 0.5) / (1 + 3))
    assert a1["taken_course_before"] == 1.0  # P24 was a session of the same course
    assert a2["taken_course_before"] == 0.0
    assert a1["course_n_past"] == 1.0 and a1["course_reaction"] == pytest.approx(4.0)
    assert features.loc[("C", "U2"), "n_past"] == 0.0


def test_columns_are_the_feature_names_and_never_gender(features):
    assert list(features.columns) == FEATURE_NAMES
    assert "gender" not in FEATURE_NAMES


def test_data_after_as_of_changes_nothing(features):
    later = AS_OF + pd.Timedelta(days=3)
    tables = hand_tables(
        [*EVALUATIONS, evaluation("A", "M.1", 5.0, "assessment_center", later)],
        [*ENROLLMENTS, enrollment("C", "U2", "2026-07-02", "completed")],
        [{"employee_id": "A", "year": 2026, "rating": "kurang"}],
    )
    pd.testing.assert_frame_equal(_features(tables), features)


def test_unknown_ids_are_named():
    state = point_in_time(hand_tables(EVALUATIONS), AS_OF)
    with pytest.raises(KeyError, match="NOPE"):
        pair_features(state, ["A", "NOPE"], ["U1", "U1"])
    with pytest.raises(KeyError, match="program id: X"):
        pair_features(state, ["A"], ["X"])


@pytest.fixture(scope="module")
def world_state(tiny_world_dirs):
    """The tiny world's state, its program weights on another scale per program (an export
    may weigh a program's competencies 1-5 or 0.2-1: only their ratios mean something)."""
    tables = load_tables(tiny_world_dirs[0])
    pc = tables.program_competencies
    scale = 1.0 + pd.factorize(pc[col.PROGRAM_ID])[0] % 4
    tables = Tables(
        **{**tables.as_dict(), "program_competencies": pc.assign(weight=pc[col.WEIGHT] * scale)}
    )
    return point_in_time(tables, pd.Timestamp(tables.snapshot_date()))


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_a_pair_has_the_same_features_alone_or_in_any_batch(world_state, data):
    n_e, n_p = len(world_state.employee_ids), len(world_state.program_ids)
    size = data.draw(st.integers(1, 40), label="batch size")
    e = np.array(data.draw(st.lists(st.integers(0, n_e - 1), min_size=size, max_size=size)))
    p = np.array(data.draw(st.lists(st.integers(0, n_p - 1), min_size=size, max_size=size)))
    i = data.draw(st.integers(0, size - 1), label="the pair")
    batch = pair_features_by_code(world_state, e, p)
    alone = pair_features_by_code(world_state, e[[i]], p[[i]])
    pd.testing.assert_frame_equal(batch.iloc[[i]].reset_index(drop=True), alone)
