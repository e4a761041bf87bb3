"""The three LightGBM models keep their own defaults and refuse unknown parameters."""

from __future__ import annotations

import pytest

from model.boosting import BoostedModel
from model.gain import GainModel
from model.ranker import ProgramRanker
from model.risk import CompletionRiskModel


def test_each_model_has_its_own_defaults_and_overrides_win():
    risk = CompletionRiskModel()
    assert risk.params["num_leaves"] == 4 and risk.params["learning_rate"] == 0.02
    assert GainModel().params["num_leaves"] == 15
    assert ProgramRanker().params == BoostedModel.DEFAULTS
    assert CompletionRiskModel(num_leaves=8).params["num_leaves"] == 8
    assert BoostedModel.DEFAULTS["num_leaves"] == 31  # subclasses did not change the base


def test_unknown_parameters_are_refused():
    with pytest.raises(TypeError, match="num_leafs"):
        CompletionRiskModel(num_leafs=3)
