"""The fairness audit: hand-computed selection rates, and the audit of a trained bundle."""

from __future__ import annotations

import math

from features.pairs import FEATURE_NAMES
from model.training.fairness import FOUR_FIFTHS, _rates


def test_the_disparate_impact_ratio_compares_the_lowest_rate_with_the_highest():
    counts = {
        "f": {"eligible": 200, "selected": 30, "gain_sum": 4.0},
        "m": {"eligible": 100, "selected": 20, "gain_sum": 1.0},
        "x": {"eligible": 10, "selected": 0, "gain_sum": 0.0},  # too small to compare
    }
    out = _rates(counts, programs=3)
    assert out["groups"]["f"]["selection_rate"] == 0.15
    assert out["groups"]["m"]["mean_expected_gain"] == 0.01
    assert math.isclose(out["disparate_impact_ratio"], 0.15 / 0.20)
    assert out["four_fifths_met"] is (FOUR_FIFTHS <= 0.75)  # False: 0.75 < 0.8
    alone = _rates({"f": counts["f"]}, programs=1)
    assert alone["disparate_impact_ratio"] is None and alone["four_fifths_met"] is None


def test_a_trained_bundle_is_audited_by_gender_which_is_no_feature(trained):
    assert not any("gender" in name for name in FEATURE_NAMES)
    fairness = trained.metrics["fairness"]
    assert fairness["available"] and set(fairness["selection"]["groups"]) == {"f", "m"}
    for name, group in fairness["selection"]["groups"].items():
        assert 0 < group["selected"] <= group["eligible"]
        risk = fairness["risk"][name]
        assert risk["n"] > 0 and 0 <= risk["mean_predicted"] <= 1
    assert 0 < fairness["selection"]["disparate_impact_ratio"] <= 1
