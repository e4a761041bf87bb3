"""The learning-to-rank model that orders programs for an employee (LightGBM LambdaRank)."""

from __future__ import annotations

from typing import Any

import lightgbm as lgb
import numpy as np
import pandas as pd

from model.estimators.boosting import BoostedModel


def group_sizes(query: np.ndarray) -> np.ndarray:
    """Row counts per query, for rows already contiguous by query (LightGBM's `group`)."""
    starts = np.flatnonzero(np.r_[True, query[1:] != query[:-1]])
    if len(np.unique(query)) != len(starts):
        raise ValueError("ranker rows must be contiguous per query: sort them by query first")
    return np.diff(np.r_[starts, len(query)])


class ProgramRanker(BoostedModel):
    """LambdaRank on graded relevance, early-stopped on validation NDCG@10 (or, without a
    validation period, `n_estimators` rounds)."""

    def fit(
        self,
        X: pd.DataFrame,
        relevance: np.ndarray,
        query: np.ndarray,
        eval_X: pd.DataFrame | None = None,
        eval_relevance: np.ndarray | None = None,
        eval_query: np.ndarray | None = None,
    ) -> ProgramRanker:
        model = lgb.LGBMRanker(objective="lambdarank", **self._estimator_params())
        stopped = eval_X is not None
        watch: dict[str, Any] = {}
        if stopped:
            if eval_query is None:
                raise ValueError("eval_query is required with eval_X")
            watch = {
                "eval_X": (eval_X,),
                "eval_y": (eval_relevance,),
                "eval_group": [group_sizes(eval_query)],
                "eval_at": [10],
            }
        model.fit(X, relevance, group=group_sizes(query), **watch, **self._fit_kwargs(stopped))
        self._keep(model)
        return self
