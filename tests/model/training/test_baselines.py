"""The baselines learn from the same periods as the model: train to fit, validation to calibrate."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from features.loading import load_tables
from model.training.baselines import (
    COVERAGE_X_COMPLETION,
    coverage_completion_scores,
    logistic_baseline,
    logistic_risk,
    ranking_baselines,
)
from model.training.evaluation import risk_metrics
from model.training.examples import Examples, build_examples
from model.training.split import temporal_split


@pytest.fixture(scope="module")
def drifted(tiny_world_dirs):
    """The tiny world's split, its outcomes redrawn: 10% not completed in the training period,
    40% in validation and test (a drift the calibration on validation must follow)."""
    tables = load_tables(tiny_world_dirs[0])
    as_of = pd.Timestamp(tables.snapshot_date())
    split = temporal_split(build_examples(tables, as_of), as_of)
    rng = np.random.default_rng(0)

    def redrawn(part: Examples, rate: float) -> Examples:
        part = part.subset(part.enrolled)
        y = (rng.random(len(part.query)) < rate).astype(float)
        return Examples(**{**part.__dict__, "not_completed": y})

    parts = {"train": 0.1, "validation": 0.4, "test": 0.4}
    return type(split)(
        **{name: redrawn(getattr(split, name), rate) for name, rate in parts.items()},
        cut_1=split.cut_1,
        cut_2=split.cut_2,
    )


def test_the_logistic_risk_is_calibrated_on_the_validation_period(drifted):
    train, valid, test = drifted.train, drifted.validation, drifted.test
    fitted_on_train = logistic_baseline(train.features, train.not_completed)
    assert fitted_on_train.predict_proba(test.features)[:, 1].mean() == pytest.approx(0.1, abs=0.03)
    risk = logistic_risk(train.features, train.not_completed, valid.features, valid.not_completed)
    assert risk.probability(test.features).mean() == pytest.approx(0.4, abs=0.03)


def test_the_base_rate_is_the_calibration_period_s(drifted, trained):
    report = risk_metrics(trained.predictor, drifted)["base_rate"]
    y, rate = drifted.test.not_completed, drifted.validation.not_completed.mean()
    assert report["brier"] == pytest.approx(np.mean((rate - y) ** 2))


def test_coverage_times_completion_is_a_ranking_baseline(drifted):
    train, valid, test = drifted.train, drifted.validation, drifted.test
    risk = logistic_risk(train.features, train.not_completed, valid.features, valid.not_completed)
    scores = coverage_completion_scores(test.features, risk)
    expected = test.features["expected_coverage"].to_numpy() * (1 - risk.probability(test.features))
    np.testing.assert_allclose(scores, expected)
    assert COVERAGE_X_COMPLETION not in ranking_baselines(test.features)
    np.testing.assert_allclose(
        ranking_baselines(test.features, risk=risk)[COVERAGE_X_COMPLETION], scores
    )
