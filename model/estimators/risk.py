"""The calibrated model of the risk of not completing a program (LightGBM + calibration)."""

from __future__ import annotations

from typing import Any, ClassVar

import lightgbm as lgb
import numpy as np
import pandas as pd
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression

from model.estimators.boosting import BoostedModel

# Isotonic calibration needs enough data per step to not overfit, and its flat steps tie
# scores (costing AUC); below this many calibration rows (or this many of the rarer class)
# the two-parameter sigmoid (Platt), which keeps the order, is the better choice.
ISOTONIC_MIN_ROWS = 10_000
ISOTONIC_MIN_MINORITY = 1_000


class CompletionRiskModel(BoostedModel):
    """P(not completed | features): a LightGBM classifier, then calibrated on a later period.

    Small trees and strong subsampling by default: who completes is noisy, and on the demo
    world deeper trees fitted the noise (validation AUC fell from 0.61 to 0.58).

    No class re-weighting (`is_unbalance`): the raw scores keep their order and the
    calibration maps them to honest probabilities.
    """

    DEFAULTS: ClassVar[dict[str, Any]] = {
        **BoostedModel.DEFAULTS,
        "n_estimators": 2000,
        "learning_rate": 0.02,
        "num_leaves": 4,
        "min_child_samples": 150,
        "colsample_bytree": 0.5,
        "early_stopping_rounds": 200,
    }

    def fit(
        self,
        X: pd.DataFrame,
        y: np.ndarray,
        eval_X: pd.DataFrame | None = None,
        eval_y: np.ndarray | None = None,
    ) -> CompletionRiskModel:
        """Fit on (X, y); stop early and calibrate on (eval_X, eval_y), a later period. Without
        it, `n_estimators` rounds and no `calibrator_`: the caller calibrates on out-of-fold
        scores (`model.training.refit`)."""
        # stopped on AUC, not log loss: calibration is the calibrator's job, and log loss on
        # a later period also punishes a shifted base rate, which stopped training too early
        model = lgb.LGBMClassifier(objective="binary", metric="auc", **self._estimator_params())
        stopped = eval_X is not None
        watch: dict[str, Any] = {"eval_X": (eval_X,), "eval_y": (eval_y,)} if stopped else {}
        model.fit(X, y, **watch, **self._fit_kwargs(stopped))
        self._keep(model)
        if stopped:
            self.calibrator_ = fit_calibrator(self.raw_scores(eval_X), np.asarray(eval_y))
        return self

    def raw_scores(self, X: pd.DataFrame, num_threads: int = 0) -> np.ndarray:
        """Uncalibrated log-odds of not completing."""
        return np.asarray(
            self.booster_.predict(
                X, num_iteration=self.best_iteration_, raw_score=True, num_threads=num_threads
            )
        )


def fit_calibrator(scores: np.ndarray, y: np.ndarray) -> IsotonicRegression | LogisticRegression:
    """Isotonic when the calibration set is large, sigmoid (Platt) when it is small.

    Both keep the classifier's order or flatten it, never reverse it: when the later period
    ranks people the wrong way round (a model without real signal, on a small or noisy
    history), Platt's slope would turn negative, and the calibrator predicts that period's
    base rate for everyone instead.
    """
    minority = min(int(y.sum()), int(len(y) - y.sum()))
    if len(y) >= ISOTONIC_MIN_ROWS and minority >= ISOTONIC_MIN_MINORITY:
        return IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(scores, y)
    platt = LogisticRegression(C=1e6).fit(scores.reshape(-1, 1), y)
    if platt.coef_[0, 0] > 0:
        return platt
    return LogisticRegression(C=1e6).fit(np.zeros((len(y), 1)), y)  # slope 0: the base rate


def calibrated(
    calibrator: IsotonicRegression | LogisticRegression, scores: np.ndarray
) -> np.ndarray:
    if not scores.size:  # scikit-learn refuses no rows
        return np.zeros(0)
    if isinstance(calibrator, IsotonicRegression):
        return np.clip(calibrator.predict(scores), 0.0, 1.0)
    return calibrator.predict_proba(scores.reshape(-1, 1))[:, 1]
