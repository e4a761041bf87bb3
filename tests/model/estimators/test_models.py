"""The three LightGBM models keep their own defaults and refuse unknown parameters."""

from __future__ import annotations

import numpy as np
import pytest

from model.estimators.boosting import BoostedModel
from model.estimators.efficacy import EfficacyModel
from model.estimators.ranker import ProgramRanker
from model.estimators.risk import CompletionRiskModel, calibrated, fit_calibrator


def test_each_model_has_its_own_defaults_and_overrides_win():
    risk = CompletionRiskModel()
    assert risk.params["num_leaves"] == 4 and risk.params["learning_rate"] == 0.02
    assert EfficacyModel().params["num_leaves"] == 15
    assert ProgramRanker().params == BoostedModel.DEFAULTS
    assert CompletionRiskModel(num_leaves=8).params["num_leaves"] == 8
    assert BoostedModel.DEFAULTS["num_leaves"] == 31  # subclasses did not change the base


def test_unknown_parameters_are_refused():
    with pytest.raises(TypeError, match="num_leafs"):
        CompletionRiskModel(num_leafs=3)


def test_calibration_keeps_the_order_or_flattens_it_never_reverses_it():
    rng = np.random.default_rng(0)
    scores = rng.normal(size=400)
    y = (rng.random(400) < 1 / (1 + np.exp(-2 * scores))).astype(float)
    same_way = calibrated(fit_calibrator(scores, y), np.array([-1.0, 0.0, 1.0]))
    assert same_way[0] < same_way[1] < same_way[2]
    # a later period that ranks the wrong way round: everyone gets its base rate
    reversed_way = calibrated(fit_calibrator(scores, 1 - y), np.array([-1.0, 0.0, 1.0]))
    assert np.allclose(reversed_way, (1 - y).mean(), atol=1e-3)
