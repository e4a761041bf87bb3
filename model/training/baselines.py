"""Baselines every model is compared with, on the same queries and rows and the same periods.

Ranking: random order, popularity (how many enrolled in past sessions of the course), the
gap-coverage heuristic (rank by the weighted gap the program's targets would close, from the
point estimates of the current levels; no learning), the same with the gap expected over the
estimates' uncertainty (`expected_gap_coverage`, `features.gaps`; still no learning) and, the
strongest simple one, expected gap coverage × (1 − logistic risk): what the engine's expected
gain would be with a logistic regression in place of LightGBM and without the efficacy
model. Risk: the base rate, and a logistic regression on the same features.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from features.pairs import CATEGORICAL_FEATURES, FEATURE_NAMES
from model.estimators.risk import calibrated, fit_calibrator

COVERAGE_X_COMPLETION = "coverage_x_completion"


@dataclass(frozen=True)
class LogisticRisk:
    """P(not completed) of a logistic regression, calibrated like the model's risk."""

    logistic: Pipeline
    calibrator: IsotonicRegression | LogisticRegression

    def probability(self, X: pd.DataFrame) -> np.ndarray:
        if len(X) == 0:  # a period with no candidate rows: scikit-learn refuses empty input
            return np.empty(0)
        return calibrated(self.calibrator, self.logistic.decision_function(X))


def logistic_risk(
    X: pd.DataFrame, y: np.ndarray, eval_X: pd.DataFrame, eval_y: np.ndarray
) -> LogisticRisk:
    """A logistic regression fitted on (X, y), the training period, and calibrated on
    (eval_X, eval_y), the validation period, with the model's own calibrator.

    This is what the LightGBM risk model gets: trees fitted on train, then early stopping and
    calibration on validation. The logistic regression has nothing to stop early, so the fair
    equivalent is the same calibration on the same later period; fitting on train only (as
    before) left it the older period's base rate and handicapped it on a drifting one.
    Refitting on train + validation instead would give it more recent rows than the model
    fits on.
    """
    fitted = logistic_baseline(X, y)
    calibrator = fit_calibrator(fitted.decision_function(eval_X), np.asarray(eval_y))
    return LogisticRisk(fitted, calibrator)


def logistic_baseline(X: pd.DataFrame, y: np.ndarray) -> Pipeline:
    """A logistic regression on the same features: imputed, scaled, categoricals one-hot."""
    numeric = [f for f in FEATURE_NAMES if f not in CATEGORICAL_FEATURES]
    prepare = ColumnTransformer(
        [
            (
                "numeric",
                make_pipeline(
                    SimpleImputer(strategy="median", add_indicator=True, keep_empty_features=True),
                    StandardScaler(),
                ),
                numeric,
            ),
            ("categorical", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL_FEATURES),
        ]
    )
    model = Pipeline([("prepare", prepare), ("fit", LogisticRegression(max_iter=2000))])
    return model.fit(X, y)


def coverage_completion_scores(features: pd.DataFrame, risk: LogisticRisk) -> np.ndarray:
    """Expected gap coverage × (1 − logistic risk) of each row: the strongest simple ranking
    baseline."""
    return features["expected_coverage"].to_numpy(dtype=float) * (1.0 - risk.probability(features))


def ranking_baselines(
    features: pd.DataFrame, seed: int = 0, risk: LogisticRisk | None = None
) -> dict[str, np.ndarray]:
    """Scores of each ranking baseline for the rows of `features` (higher = better); with
    `risk` (from `logistic_risk`) also gap coverage × (1 − logistic risk)."""
    rng = np.random.default_rng(seed)
    scores = {
        "random": rng.random(len(features)),
        "popularity": features["course_n_past"].to_numpy(dtype=float),
        "gap_coverage": features["coverage"].to_numpy(dtype=float),
        "expected_gap_coverage": features["expected_coverage"].to_numpy(dtype=float),
    }
    if risk is not None:
        scores[COVERAGE_X_COMPLETION] = coverage_completion_scores(features, risk)
    return scores
