"""Baselines every model is compared with, on the same queries and rows.

Ranking: random order, popularity (how many enrolled in past sessions of the course) and the
gap-coverage heuristic (rank by the weighted gap the program's targets would close; no
learning). Risk: the base rate, and a logistic regression on the same features.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from features.pairs import CATEGORICAL_FEATURES, FEATURE_NAMES


def ranking_baselines(features: pd.DataFrame, seed: int = 0) -> dict[str, np.ndarray]:
    """Scores of each ranking baseline for the rows of `features` (higher = better)."""
    rng = np.random.default_rng(seed)
    return {
        "random": rng.random(len(features)),
        "popularity": features["course_n_past"].to_numpy(dtype=float),
        "gap_coverage": features["coverage"].to_numpy(dtype=float),
    }


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
