"""Both models behind one call: pair features in, scores and probabilities out."""

from __future__ import annotations

from dataclasses import dataclass

import lightgbm as lgb
import numpy as np
import pandas as pd
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression

from model.risk import calibrated
from model.scoring import expected_gain, recommendation_score

Matrix = pd.DataFrame | np.ndarray  # columns in the order of features.pairs.FEATURE_NAMES


@dataclass(frozen=True)
class Predictor:
    """The trained ranker and calibrated risk model, as served.

    `num_threads` = 1 on the request path, so service workers do not oversubscribe the cores.
    """

    ranker: lgb.Booster
    ranker_iteration: int
    risk: lgb.Booster
    risk_iteration: int
    calibrator: IsotonicRegression | LogisticRegression
    blend: float
    gain: lgb.Booster | None = None  # efficacy model; None: full efficacy assumed
    gain_iteration: int = 0

    def ranker_scores(self, X: Matrix, num_threads: int = 0) -> np.ndarray:
        return self.ranker.predict(X, num_iteration=self.ranker_iteration, num_threads=num_threads)

    def risk_raw(self, X: Matrix, num_threads: int = 0) -> np.ndarray:
        return self.risk.predict(
            X, num_iteration=self.risk_iteration, raw_score=True, num_threads=num_threads
        )

    def risk_probability(self, X: Matrix, num_threads: int = 0) -> np.ndarray:
        """Calibrated probability of not completing."""
        return calibrated(self.calibrator, self.risk_raw(X, num_threads))

    def risk_contributions(self, X: Matrix, num_threads: int = 0) -> np.ndarray:
        """Per-feature contributions to the risk log-odds (`pred_contrib`); last column = bias."""
        return self.risk.predict(
            X, num_iteration=self.risk_iteration, pred_contrib=True, num_threads=num_threads
        )

    def gap_closed(
        self, X: Matrix, num_threads: int = 0, coverage: np.ndarray | None = None
    ) -> np.ndarray:
        """Predicted weighted gap closed on completion: the coverage x the predicted efficacy."""
        if coverage is None:
            coverage = X["coverage"].to_numpy(dtype=float)
        if self.gain is None:
            return coverage
        efficacy = self.gain.predict(X, num_iteration=self.gain_iteration, num_threads=num_threads)
        return coverage * np.clip(efficacy, 0.0, 1.0)

    def predict(self, X: pd.DataFrame, num_threads: int = 0) -> pd.DataFrame:
        """`score`, `completion_probability`, `expected_gain`, `gap_closed`, `ranker_score`."""
        coverage = X["coverage"].to_numpy(dtype=float)
        index = X.index
        X = X.to_numpy(dtype=np.float64)  # once, not per model: LightGBM's pandas path is slow
        risk = self.risk_probability(X, num_threads)
        ranked = self.ranker_scores(X, num_threads)
        closed = self.gap_closed(X, num_threads, coverage)
        gain = expected_gain(closed, risk)
        return pd.DataFrame(
            {
                "score": recommendation_score(gain, ranked, self.blend),
                "completion_probability": 1.0 - risk,
                "expected_gain": gain,
                "gap_closed": closed,
                "ranker_score": ranked,
            },
            index=index,
        )
