"""Efficacy: how much of what a program could teach it delivers to an employee who completes it.

A LightGBM regression of the measured efficacy (Kirkpatrick levels 2-3, see
`features.efficacy`) on the pair features. It learns from the history what the gap
coverage heuristic cannot know: that long programs teach more than short ones, that a format
suits some people and not others, that some courses teach little. Without enough measured
outcomes the engine assumes full efficacy, i.e. falls back to the gap coverage. Its
prediction is the `efficacy` of the score formula (`model.scoring`).
"""

from __future__ import annotations

from typing import Any, ClassVar

import lightgbm as lgb
import numpy as np
import pandas as pd

from model.estimators.boosting import BoostedModel

# Below this many measured outcomes (training / validation) the heuristic is the safer one.
MIN_TRAIN_ROWS = 300
MIN_VALIDATION_ROWS = 50


class EfficacyModel(BoostedModel):
    """LightGBM regression of the measured efficacy, early-stopped on a later period."""

    DEFAULTS: ClassVar[dict[str, Any]] = {
        **BoostedModel.DEFAULTS,
        "num_leaves": 15,
        "min_child_samples": 40,
    }

    def fit(
        self,
        X: pd.DataFrame,
        efficacy: np.ndarray,
        eval_X: pd.DataFrame | None = None,
        eval_y: np.ndarray | None = None,
    ) -> EfficacyModel:
        """Fit, early-stopped on (eval_X, eval_y) when given, else `n_estimators` rounds."""
        model = lgb.LGBMRegressor(objective="regression", **self._estimator_params())
        stopped = eval_X is not None
        watch: dict[str, Any] = {"eval_X": (eval_X,), "eval_y": (eval_y,)} if stopped else {}
        model.fit(X, efficacy, **watch, **self._fit_kwargs(stopped))
        self._keep(model)
        return self
