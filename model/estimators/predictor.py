"""The three models behind one call: pair features in, scores and probabilities out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

import lightgbm as lgb
import numpy as np
import pandas as pd
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression

from model.estimators.risk import calibrated
from model.scoring import expected_gain, gap_closed, recommendation_score

# columns in the order of features.pairs.FEATURE_NAMES
Matrix: TypeAlias = pd.DataFrame | np.ndarray


@dataclass(frozen=True)
class Predictor:
    """The trained ranker, calibrated risk model and efficacy model, as served.

    `num_threads` = 1 on the request path, so service workers do not oversubscribe the cores.
    """

    ranker: lgb.Booster
    ranker_iteration: int
    risk: lgb.Booster
    risk_iteration: int
    calibrator: IsotonicRegression | LogisticRegression
    blend: float
    efficacy: lgb.Booster | None = None  # None: full efficacy assumed
    efficacy_iteration: int = 0

    def ranker_scores(self, X: Matrix, num_threads: int = 0) -> np.ndarray:
        if not len(X):  # LightGBM refuses no rows; a short period can have none to score
            return np.zeros(0)
        return np.asarray(
            self.ranker.predict(X, num_iteration=self.ranker_iteration, num_threads=num_threads)
        )

    def risk_raw(self, X: Matrix, num_threads: int = 0) -> np.ndarray:
        if not len(X):
            return np.zeros(0)
        return np.asarray(
            self.risk.predict(
                X, num_iteration=self.risk_iteration, raw_score=True, num_threads=num_threads
            )
        )

    def risk_probability(self, X: Matrix, num_threads: int = 0) -> np.ndarray:
        """Calibrated probability of not completing."""
        return calibrated(self.calibrator, self.risk_raw(X, num_threads))

    def risk_contributions(self, X: Matrix, num_threads: int = 0) -> np.ndarray:
        """Per-feature contributions to the risk log-odds (`pred_contrib`); last column = bias."""
        if not len(X):
            return np.zeros((0, self.risk.num_feature() + 1))
        return np.asarray(
            self.risk.predict(
                X, num_iteration=self.risk_iteration, pred_contrib=True, num_threads=num_threads
            )
        )

    def predicted_efficacy(self, X: Matrix, num_threads: int = 0) -> np.ndarray | None:
        """The share of its coverage a completed program delivers (`model.estimators.efficacy`),
        or None without an efficacy model (full efficacy)."""
        if self.efficacy is None:
            return None
        if not len(X):
            return np.zeros(0)
        return np.asarray(
            self.efficacy.predict(X, num_iteration=self.efficacy_iteration, num_threads=num_threads)
        )

    def expected_gain(self, X: pd.DataFrame, num_threads: int = 0) -> np.ndarray:
        """coverage x efficacy x P(complete), `model.scoring`'s formula."""
        coverage = X["expected_coverage"].to_numpy(dtype=float)
        values = X.to_numpy(dtype=np.float64)
        efficacy = self.predicted_efficacy(values, num_threads)
        return expected_gain(coverage, efficacy, self.risk_probability(values, num_threads))

    def predict(self, X: pd.DataFrame, num_threads: int = 0) -> pd.DataFrame:
        """`score`, `completion_probability`, `expected_gain`, `gap_closed` (on completion) and
        `ranker_score` per row: `model.scoring`'s formula over the three models."""
        coverage = X["expected_coverage"].to_numpy(dtype=float)
        index = X.index
        X = X.to_numpy(dtype=np.float64)  # once, not per model: LightGBM's pandas path is slow
        risk = self.risk_probability(X, num_threads)
        ranked = self.ranker_scores(X, num_threads)
        efficacy = self.predicted_efficacy(X, num_threads)
        gain = expected_gain(coverage, efficacy, risk)
        return pd.DataFrame(
            {
                "score": recommendation_score(gain, ranked, self.blend),
                "completion_probability": 1.0 - risk,
                "expected_gain": gain,
                "gap_closed": gap_closed(coverage, efficacy),
                "ranker_score": ranked,
            },
            index=index,
        )
