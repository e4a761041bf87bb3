"""Gap profiles on hand-checkable cases."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from features import columns as col
from features.gaps import HALF_LIFE_DAYS, employee_needs, gap_profiles
from features.uncertainty import evaluation_spread, expected_shortfall
from tests.hand_world import AS_OF, enrollment, evaluation, hand_tables

YEAR_AGO = AS_OF - pd.Timedelta(days=HALF_LIFE_DAYS)


def _row(profiles: pd.DataFrame, emp: str, comp: str) -> pd.Series:
    hit = profiles[(profiles[col.EMPLOYEE_ID] == emp) & (profiles[col.COMPETENCY_ID] == comp)]
    assert len(hit) == 1
    return hit.iloc[0]


def test_levels_are_reliability_and_recency_weighted_and_shrunk_to_the_position():
    tables = hand_tables(
        [
            evaluation("A", "M.1", 2.0, "assessment_center", AS_OF),  # weight 1
            evaluation(
                "B", "M.1", 4.0, "assessment_center", YEAR_AGO
            ),  # weight 0.5 (one half-life)
        ]
    )
    profiles = gap_profiles(tables, AS_OF)
    typical = (2.0 * 1.0 + 4.0 * 0.5) / 1.5  # pooled over the position
    a, b, c = (_row(profiles, e, "M.1") for e in "ABC")
    assert a[col.CURRENT_LEVEL] == pytest.approx((2.0 + typical) / 2.0)
    assert a[col.CONFIDENCE] == pytest.approx(0.5)
    assert b[col.CURRENT_LEVEL] == pytest.approx((2.0 + typical) / 1.5)
    assert b[col.CONFIDENCE] == pytest.approx(0.5 / 1.5)
    assert c[col.CURRENT_LEVEL] == pytest.approx(typical)
    assert c[col.CONFIDENCE] == 0.0
    assert pd.isna(c[col.LAST_EVALUATED_AT]) and c[col.N_EVALUATIONS] == 0
    assert a[col.GAP] == pytest.approx(3.0 - a[col.CURRENT_LEVEL])
    assert a[col.WEIGHTED_GAP] == pytest.approx(2.0 * a[col.GAP])
    assert a[col.LAST_EVALUATED_AT] == AS_OF


def test_gap_is_never_negative_and_unknown_competencies_fall_back_to_required_level():
    tables = hand_tables([evaluation("A", "M.1", 5.0, "assessment_center", AS_OF)])
    profiles = gap_profiles(tables, AS_OF)
    assert _row(profiles, "A", "M.1")[col.GAP] == 0.0
    nobody = _row(profiles, "A", "T.1")  # nobody evaluated on T.1: typical = required level
    assert nobody[col.CURRENT_LEVEL] == pytest.approx(2.0)
    assert nobody[col.GAP] == 0.0


def test_self_ratings_are_corrected_by_the_employees_own_inflation():
    tables = hand_tables(
        [
            evaluation("A", "M.1", 4.0, "self", AS_OF),
            evaluation("A", "M.1", 2.0, "supervisor", AS_OF),
            evaluation("A", "T.1", 4.5, "self", AS_OF),  # alone on T.1, corrected by A's +2.0
        ]
    )
    profiles = gap_profiles(tables, AS_OF)
    needs = employee_needs(tables, AS_OF, profiles).set_index(col.EMPLOYEE_ID)
    assert needs.loc["A", col.SELF_MINUS_OTHERS] == pytest.approx(2.0)
    assert pd.isna(needs.loc["B", col.SELF_MINUS_OTHERS])
    # T.1: one self-rating 4.5 - 2.0 = 2.5 (weight 0.15); typical for the position = 2.5 too
    assert _row(profiles, "A", "T.1")[col.CURRENT_LEVEL] == pytest.approx(2.5)


def test_nothing_after_as_of_counts():
    before = [evaluation("A", "M.1", 2.0, "supervisor", YEAR_AGO)]
    later = [evaluation("A", "M.1", 5.0, "assessment_center", AS_OF + pd.Timedelta(days=1))]
    enrolled = [enrollment("A", "P1", "2026-01-10", "completed")]
    after = [enrollment("B", "P2", "2026-07-02", "completed")]
    base = hand_tables(before, enrolled)
    changed = hand_tables(before + later, enrolled + after)
    pd.testing.assert_frame_equal(gap_profiles(base, AS_OF), gap_profiles(changed, AS_OF))
    pd.testing.assert_frame_equal(employee_needs(base, AS_OF), employee_needs(changed, AS_OF))


def test_employees_hired_after_as_of_are_left_out():
    profiles = gap_profiles(hand_tables(), AS_OF)
    assert set(profiles[col.EMPLOYEE_ID]) == {"A", "B", "C"}
    assert len(profiles) == 6


def test_jp_this_year_counts_completed_programs_that_ended_this_year():
    enrollments = [
        enrollment("A", "P24", "2025-02-01", "completed"),
        enrollment("A", "P1", "2026-01-10", "completed"),
        enrollment("A", "P2", "2026-02-10", "dropped"),
        enrollment("A", "P3", "2026-06-01", "completed"),
        enrollment("B", "P2", "2026-02-10", "completed"),
    ]
    needs = employee_needs(hand_tables(enrollments=enrollments), AS_OF).set_index(col.EMPLOYEE_ID)
    # A: P1 (24 JP); P24 was last year, P2 dropped, P3 (5 days from 28 June) not over yet
    assert needs.loc["A", col.JP_THIS_YEAR] == 24
    assert needs.loc["A", col.JP_REMAINING] == 0
    assert needs.loc["B", col.JP_THIS_YEAR] == 10
    assert needs.loc["B", col.JP_REMAINING] == 10
    assert needs.loc["C", col.JP_REMAINING] == 20


def test_latest_rating_is_the_last_finished_year_and_gap_index_is_the_weighted_mean():
    performance = [
        {"employee_id": "A", "year": 2024, "rating": "baik"},
        {"employee_id": "A", "year": 2025, "rating": "sangat_baik"},
        {"employee_id": "A", "year": 2026, "rating": "kurang"},  # the year is not over yet
    ]
    tables = hand_tables(
        [evaluation("A", "M.1", 2.0, "assessment_center", AS_OF)], performance=performance
    )
    profiles = gap_profiles(tables, AS_OF)
    needs = employee_needs(tables, AS_OF, profiles).set_index(col.EMPLOYEE_ID)
    assert needs.loc["A", col.LATEST_RATING] == "sangat_baik"
    assert pd.isna(needs.loc["B", col.LATEST_RATING])
    own = profiles[profiles[col.EMPLOYEE_ID] == "A"]
    expected = own[col.WEIGHTED_GAP].sum() / own[col.WEIGHT].sum()
    assert needs.loc["A", col.GAP_INDEX] == pytest.approx(expected)


def test_expected_shortfall_by_hand():
    sigma = np.array([0.4, 0.4, 0.4])
    values = expected_shortfall(np.array([0.0, 5.0, -5.0]), sigma)
    assert values[0] == pytest.approx(0.4 / np.sqrt(2 * np.pi))  # E max(0, N(0, s^2)) = s phi(0)
    assert values[1] == pytest.approx(5.0)  # far below the target: the whole distance
    assert values[2] == pytest.approx(0.0, abs=1e-12)  # far above it: nothing


def _repeated(levels: tuple[float, float], groups: int) -> pd.DataFrame:
    rows = [
        {"employee_id": f"E{g}", "competency_id": "C", "level": level,
         "source": "assessment_center", "evaluated_at": pd.Timestamp("2024-01-01")}
        for g in range(groups) for level in levels
    ]  # fmt: skip
    return pd.DataFrame(rows)


def test_the_spread_of_evaluations_is_read_from_repeated_ones():
    # pairs of 3 and 4: residuals 0.5 each, 80 evaluations in 40 groups, 40 degrees of freedom
    spread = evaluation_spread(_repeated((3.0, 4.0), 40), pd.Timestamp("2024-06-30"))
    assert spread == pytest.approx(np.sqrt(80 * 0.25 / 40))
    assert evaluation_spread(_repeated((3.0, 4.0), 10), pd.Timestamp("2024-06-30")) == 0.5
    assert evaluation_spread(_repeated((3.0, 4.0), 40), pd.Timestamp("2023-06-30")) == 0.5
