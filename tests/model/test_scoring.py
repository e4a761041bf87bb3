"""The score formula on hand-computed cases, and the served predictions following it."""

from __future__ import annotations

import numpy as np
import pytest

from features.pairs import pair_features_by_code
from model.bundles.serving import EFFICACY_BOOSTER, load_serving_bundle
from model.scoring import GAIN_FLOOR, expected_gain, gap_closed, recommendation_score


def test_expected_gain_is_coverage_times_efficacy_times_completion():
    coverage = np.array([2.0, 2.0, 1.0, 0.0])
    efficacy = np.array([0.5, 1.5, -0.2, 0.9])  # clipped to [0, 1]
    risk = np.array([0.25, 0.5, 0.1, 0.0])
    assert expected_gain(coverage, efficacy, risk) == pytest.approx([0.75, 1.0, 0.0, 0.0])
    assert gap_closed(coverage, efficacy) == pytest.approx([1.0, 2.0, 0.0, 0.0])


def test_without_an_efficacy_model_efficacy_is_full():
    assert expected_gain([2.0], None, [0.25]) == pytest.approx([1.5])
    assert gap_closed([2.0], None) == pytest.approx([2.0])


def test_the_score_blends_the_log_gain_with_the_ranker():
    score = recommendation_score(np.array([1.0]), np.array([2.0]), blend=0.5)
    assert score == pytest.approx([np.log(1.0 + GAIN_FLOOR) + 1.0])


def test_served_predictions_follow_the_formula(trained):
    bundle = load_serving_bundle(trained.path)
    predictor, state = bundle.predictor, bundle.state
    e = np.arange(40) % len(state.employee_ids)
    p = np.arange(40) % len(state.program_ids)
    X = pair_features_by_code(state, e, p)
    pred = predictor.predict(X)
    values = X.to_numpy(dtype=np.float64)
    efficacy = predictor.predicted_efficacy(values)
    coverage = X["expected_coverage"].to_numpy()  # the gap expected under uncertainty
    risk = 1.0 - pred["completion_probability"].to_numpy()
    assert pred["expected_gain"].to_numpy() == pytest.approx(
        coverage * np.clip(efficacy, 0, 1) * (1 - risk)
    )
    assert pred["gap_closed"].to_numpy() == pytest.approx(gap_closed(coverage, efficacy))
    assert predictor.expected_gain(X) == pytest.approx(pred["expected_gain"].to_numpy())


def test_the_efficacy_model_is_read_from_the_bundle_file_older_bundles_use(trained):
    """Bundles name the efficacy booster "gain" (its former name): old bundles load as they are."""
    bundle = load_serving_bundle(trained.path)
    assert EFFICACY_BOOSTER == "gain"
    assert bundle.predictor.efficacy is not None
    assert f"{EFFICACY_BOOSTER}.txt" in bundle.manifest["files"]
    assert bundle.manifest["parameters"]["gain_iteration"] == bundle.predictor.efficacy_iteration
