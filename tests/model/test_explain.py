"""Explanations: readable reasons, the gaps a program covers."""

from __future__ import annotations

import numpy as np
import pytest

from features.pairs import FEATURE_NAMES
from features.state import point_in_time
from model.explain import (
    NO_FORMAT_HISTORY,
    NO_HISTORY,
    NOT_CITED,
    RISK_PHRASES,
    covered_gaps,
    reasons,
    risk_factors,
    risk_phrase,
)
from tests.hand_world import AS_OF, evaluation, hand_tables


def test_every_feature_has_a_phrase_that_formats():
    assert set(FEATURE_NAMES) <= set(RISK_PHRASES)
    for name in FEATURE_NAMES:
        text = risk_phrase(name, 0.42)
        assert "{" not in text and "_" not in text
        assert risk_phrase(name, float("nan")).startswith("no record of")


def test_category_codes_read_as_their_names():
    assert risk_phrase("tier", 5.0) == "a pelaksana position"
    assert risk_phrase("method", 1.0) == "the e-learning format"
    assert risk_phrase("skp_rating", 3.0) == "the latest SKP rating, butuh perbaikan"
    assert risk_phrase("skp_rating", 9.0) == "the latest SKP rating, unrecorded"
    assert risk_phrase("is_pppk", 1.0) == "PPPK (contract) employment"
    assert risk_phrase("log_cost", float(np.log1p(5_500_000))) == (
        "the program's cost (IDR 5.5 million)"
    )


def test_covered_gaps_by_hand():
    tables = hand_tables(
        [
            evaluation("A", "M.1", 2.0, "assessment_center", AS_OF),
            evaluation("B", "M.1", 4.0, "assessment_center", AS_OF),
        ]
    )
    state = point_in_time(tables, AS_OF)
    names = tables.competencies.set_index("competency_id")["name"]
    a, u1 = state.employee_ids.get_loc("A"), state.program_ids.get_loc("U1")
    gaps = covered_gaps(state, a, u1, names)
    # distance 3 - 2.5 = 0.5; confidence 0.5 and the default spread 0.5 (too few repeated
    # evaluations) give sigma = 0.5 * sqrt(0.5) = 0.354: E max(0, 0.5 - error)
    # = 0.5 * Phi(1.414) + 0.354 * phi(1.414) = 0.4607 + 0.0520 = 0.51
    assert gaps == [
        {
            "competency_id": "M.1",
            "name": "Integritas",
            "required_level": 3.0,
            "current_level": 2.5,
            "target_level": 4,
            "gap_closed": 0.51,
            "weight": 2.0,
        }
    ]
    b = state.employee_ids.get_loc("B")  # 3.5 against 3: an expected 0.013, not worth naming
    assert covered_gaps(state, b, u1, names) == []


def test_risk_factors_keep_the_strongest_positive_contributions():
    contributions = np.zeros(len(FEATURE_NAMES) + 1)
    i, j, k = (FEATURE_NAMES.index(n) for n in ("duration_jp", "location_mismatch", "tier"))
    contributions[[i, j, k]] = [0.4, 0.9, -1.0]
    factors = risk_factors(contributions)
    assert [f["feature"] for f in factors] == ["location_mismatch", "duration_jp"]
    features = {"duration_jp": 80.0, "location_mismatch": 1.0}
    text = reasons([], factors, features)
    assert text[0].startswith("closes no measured gap")
    assert "held away from the employee's work location" in text[1]
    assert "80 JP" in text[2]


@pytest.mark.parametrize("strength", [0.0, 0.01])
def test_weak_contributions_give_no_reason(strength):
    contributions = np.full(len(FEATURE_NAMES) + 1, strength)
    assert risk_factors(contributions) == []


def test_personal_attributes_are_never_a_reason():
    contributions = np.zeros(len(FEATURE_NAMES) + 1)
    strongest = ("age_band", "is_pppk", "tenure_years", "duration_jp")
    contributions[[FEATURE_NAMES.index(n) for n in strongest]] = [2.0, 1.5, 1.0, 0.3]
    assert [f["feature"] for f in risk_factors(contributions)] == ["duration_jp"]
    assert {"age_band", "is_pppk", "tenure_years"} == NOT_CITED
    assert "gender" not in FEATURE_NAMES


def test_someone_without_a_record_is_not_given_an_imputed_past():
    factors = [{"feature": "no_show_rate"}, {"feature": "completion_rate"}]
    newcomer = {"n_past": 0.0, "no_show_rate": 0.07, "completion_rate": 0.8}
    text = reasons([], factors, newcomer)
    assert text[1:] == ["risk: " + NO_HISTORY]  # said once, no invented rate
    veteran = {**newcomer, "n_past": 4.0}
    assert reasons([], factors, veteran)[1:] == [
        "risk: no-show rate of 7% in the past",
        "risk: completed 80% of past programs",
    ]


def test_no_record_in_the_format_is_said_so():
    factors = [{"feature": "method_completion_rate"}]
    other_formats = {"n_past": 3.0, "method_share": 0.0, "method_completion_rate": 0.7}
    assert reasons([], factors, other_formats)[1] == "risk: " + NO_FORMAT_HISTORY
    in_format = {**other_formats, "method_share": 0.5}
    assert reasons([], factors, in_format)[1] == (
        "risk: completed 70% of past programs in this format"
    )


def test_the_gap_closed_is_the_one_the_score_assumes():
    tables = hand_tables([evaluation("A", "M.1", 2.0, "assessment_center", AS_OF)])
    state = point_in_time(tables, AS_OF)
    names = tables.competencies.set_index("competency_id")["name"]
    a, u1 = state.employee_ids.get_loc("A"), state.program_ids.get_loc("U1")
    full = covered_gaps(state, a, u1, names)[0]["gap_closed"]
    assert covered_gaps(state, a, u1, names, efficacy=0.5)[0]["gap_closed"] == full / 2
