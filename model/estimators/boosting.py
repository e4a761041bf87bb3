"""What the three LightGBM models share: their parameters, early stopping, the fitted booster."""

from __future__ import annotations

from typing import Any, ClassVar

import lightgbm as lgb

from features.pairs import CATEGORICAL_FEATURES


class BoostedModel:
    """Base of the ranker, the risk and the efficacy model.

    Like a scikit-learn estimator, `__init__` only stores parameters (a subclass's `DEFAULTS`,
    overridden by keyword) and `fit` sets the fitted state, ending in `_`: `booster_` and
    `best_iteration_`. Rows are subsampled (80%) and early stopping watches the first
    validation metric only (LightGBM otherwise stops on whichever metric stalls first).
    """

    DEFAULTS: ClassVar[dict[str, Any]] = {
        "n_estimators": 600,
        "learning_rate": 0.05,
        "num_leaves": 31,
        "min_child_samples": 50,
        "colsample_bytree": 0.8,
        "early_stopping_rounds": 50,
        "random_state": 0,
        "n_jobs": 2,
    }

    def __init__(self, **params: Any) -> None:
        unknown = set(params) - set(self.DEFAULTS)
        if unknown:
            raise TypeError(f"{type(self).__name__}: unknown parameters {sorted(unknown)}")
        self.params = {**self.DEFAULTS, **params}

    def _estimator_params(self) -> dict[str, Any]:
        params = {k: v for k, v in self.params.items() if k != "early_stopping_rounds"}
        # deterministic + col-wise histograms: the same data and seed give the same model,
        # whatever the thread timing
        fixed = {"deterministic": True, "force_col_wise": True, "verbosity": -1}
        return {**params, "subsample": 0.8, "subsample_freq": 1, **fixed}

    def _fit_kwargs(self, early_stopping: bool = True) -> dict[str, Any]:
        """LightGBM's fit arguments; without `early_stopping` (no later period to watch: a
        refit on every known outcome, `model.training.refit`) all `n_estimators` rounds run."""
        if not early_stopping:
            return {"categorical_feature": CATEGORICAL_FEATURES}
        stop = lgb.early_stopping(
            self.params["early_stopping_rounds"], first_metric_only=True, verbose=False
        )
        return {"categorical_feature": CATEGORICAL_FEATURES, "callbacks": [stop]}

    def _keep(self, fitted: lgb.LGBMModel) -> None:
        self.booster_ = fitted.booster_
        self.best_iteration_ = int(fitted.best_iteration_ or fitted.n_estimators)
