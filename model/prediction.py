"""Prediction for (employee, program) pairs: their features, the models' outputs, and the
explanation of a few rows.

The pair features come from `features.pairs` (the function training uses too); the models
and the score formula are `model.estimators.predictor` and `model.scoring`; the words of an
explanation are `model.explain`'s. Arguments `e` and `p` are codes (`model.directory`), one
pair per index.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from features.pairs import FEATURE_NAMES, pair_features_by_code
from features.state import PointInTime
from model.estimators.predictor import Predictor
from model.explain import covered_gaps, reasons, risk_factors
from model.scoring import efficacy_share

# Predictions on the request path use one thread: several service workers share two cores.
REQUEST_THREADS = 1
PREDICTION_COLUMNS = (
    "score",
    "completion_probability",
    "expected_gain",
    "gap_closed",
    "ranker_score",
)


def predict_pairs(
    state: PointInTime,
    predictor: Predictor,
    e: np.ndarray,
    p: np.ndarray,
    num_threads: int = REQUEST_THREADS,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(features, predictions) for the pairs (e[i], p[i]), predictions with
    `PREDICTION_COLUMNS`. `num_threads=0` (all cores) offline."""
    X = pair_features_by_code(state, np.asarray(e), np.asarray(p))
    if X.empty:  # LightGBM refuses to predict zero rows
        return X, pd.DataFrame({name: np.zeros(0) for name in PREDICTION_COLUMNS})
    return X, predictor.predict(X, num_threads=num_threads)


def explain_pairs(
    state: PointInTime,
    predictor: Predictor,
    competency_names: pd.Series,
    e: np.ndarray,
    p: np.ndarray,
    X: pd.DataFrame,
) -> list[dict[str, Any]]:
    """Covered gaps, risk factors and reasons for a few rows (a top list): `X` holds their
    features, row i for the pair (e[i], p[i]). The gap closed per competency is the one the
    score assumes (coverage x efficacy, `model.scoring`)."""
    values = X.to_numpy(dtype=np.float64)
    contributions = predictor.risk_contributions(values, REQUEST_THREADS)
    efficacy = efficacy_share(predictor.predicted_efficacy(values, REQUEST_THREADS), len(e))
    out = []
    for i in range(len(e)):
        gaps = covered_gaps(state, int(e[i]), int(p[i]), competency_names, float(efficacy[i]))
        factors = risk_factors(contributions[i])
        row = dict(zip(FEATURE_NAMES, values[i], strict=True))
        out.append(
            {
                "covered_gaps": gaps,
                "risk_factors": factors,
                "reasons": reasons(gaps, factors, row),
            }
        )
    return out
