"""How much of what a program could teach it delivers to an employee who completes it.

A LightGBM regression of the measured efficacy (Kirkpatrick levels 2-3, see
`features.efficacy`) on the pair features. It learns from the history what the gap
coverage heuristic cannot know: that long programs teach more than short ones, that a format
suits some people and not others, that some courses teach little. Without enough measured
outcomes the engine assumes full efficacy, i.e. falls back to the gap coverage.
"""

from __future__ import annotations

import lightgbm as lgb
import numpy as np
import pandas as pd

from features.pairs import CATEGORICAL_FEATURES

# Below this many measured outcomes (training / validation) the heuristic is the safer one.
MIN_TRAIN_ROWS = 300
MIN_VALIDATION_ROWS = 50


class GainModel:
    """LightGBM regression of the measured efficacy, early-stopped on a later period."""

    def __init__(
        self,
        n_estimators: int = 600,
        learning_rate: float = 0.05,
        num_leaves: int = 15,
        min_child_samples: int = 40,
        early_stopping_rounds: int = 50,
        random_state: int = 0,
        n_jobs: int = 2,
    ) -> None:
        self.n_estimators = n_estimators
        self.learning_rate = learning_rate
        self.num_leaves = num_leaves
        self.min_child_samples = min_child_samples
        self.early_stopping_rounds = early_stopping_rounds
        self.random_state = random_state
        self.n_jobs = n_jobs

    def fit(
        self, X: pd.DataFrame, efficacy: np.ndarray, eval_X: pd.DataFrame, eval_y: np.ndarray
    ) -> GainModel:
        model = lgb.LGBMRegressor(
            objective="regression",
            n_estimators=self.n_estimators,
            learning_rate=self.learning_rate,
            num_leaves=self.num_leaves,
            min_child_samples=self.min_child_samples,
            subsample=0.8,
            subsample_freq=1,
            colsample_bytree=0.8,
            random_state=self.random_state,
            n_jobs=self.n_jobs,
            verbosity=-1,
        )
        model.fit(
            X,
            efficacy,
            eval_X=(eval_X,),
            eval_y=(eval_y,),
            categorical_feature=CATEGORICAL_FEATURES,
            callbacks=[
                lgb.early_stopping(
                    self.early_stopping_rounds, first_metric_only=True, verbose=False
                )
            ],
        )
        self.booster_ = model.booster_
        self.best_iteration_ = int(model.best_iteration_ or model.n_estimators)
        return self
