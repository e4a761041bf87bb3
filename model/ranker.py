"""The learning-to-rank model that orders programs for an employee (LightGBM LambdaRank)."""

from __future__ import annotations

import lightgbm as lgb
import numpy as np
import pandas as pd

from features.pairs import CATEGORICAL_FEATURES


def group_sizes(query: np.ndarray) -> np.ndarray:
    """Row counts per query, for rows already contiguous by query (LightGBM's `group`)."""
    starts = np.flatnonzero(np.r_[True, query[1:] != query[:-1]])
    if len(np.unique(query)) != len(starts):
        raise ValueError("ranker rows must be contiguous per query: sort them by query first")
    return np.diff(np.r_[starts, len(query)])


class ProgramRanker:
    """LambdaRank on graded relevance, early-stopped on validation NDCG@10 only."""

    def __init__(
        self,
        n_estimators: int = 600,
        learning_rate: float = 0.05,
        num_leaves: int = 31,
        min_child_samples: int = 50,
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
        self,
        X: pd.DataFrame,
        relevance: np.ndarray,
        query: np.ndarray,
        eval_X: pd.DataFrame,
        eval_relevance: np.ndarray,
        eval_query: np.ndarray,
    ) -> ProgramRanker:
        model = lgb.LGBMRanker(
            objective="lambdarank",
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
            relevance,
            group=group_sizes(query),
            eval_X=(eval_X,),
            eval_y=(eval_relevance,),
            eval_group=[group_sizes(eval_query)],
            eval_at=[10],
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

    def predict(self, X: pd.DataFrame, num_threads: int = 0) -> np.ndarray:
        """Relevance scores (higher = better); comparable within one employee's list only."""
        return self.booster_.predict(X, num_iteration=self.best_iteration_, num_threads=num_threads)
