"""Explanations: readable reasons, the gaps a program covers."""

from __future__ import annotations

import numpy as np
import pytest

from features.pairs import FEATURE_NAMES
from features.state import point_in_time
from model.explain import RISK_PHRASES, covered_gaps, reasons, risk_factors, risk_phrase
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
    assert gaps == [
        {
            "competency_id": "M.1",
            "name": "Integritas",
            "required_level": 3.0,
            "current_level": 2.5,
            "target_level": 4,
            "gap_closed": 0.5,
            "weight": 2.0,
        }
    ]
    b = state.employee_ids.get_loc("B")
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
