"""Honest evaluation on the test period: the model side by side with its baselines."""

from __future__ import annotations

from typing import Any

import numpy as np

from model.predictor import Predictor
from model.training.baselines import logistic_baseline, ranking_baselines
from model.training.examples import Examples
from model.training.metrics import probability_report, ranking_report
from model.training.split import Split


def test_period_metrics(predictor: Predictor, split: Split) -> dict[str, Any]:
    """Ranking and risk metrics of the model and every baseline on the same test rows."""
    return {
        "ranking": ranking_metrics(predictor, split.test),
        "ranking_taken": ranking_metrics(predictor, split.test.taken_programs()),
        "risk": risk_metrics(predictor, split),
        "periods": {
            "train_until": str(split.cut_1.date()),
            "validation_until": str(split.cut_2.date()),
            "test_queries": int(np.unique(split.test.query).size),
            "test_enrolments": int(split.test.enrolled.sum()),
            "train_rows": len(split.train.query),
        },
    }


def ranking_metrics(predictor: Predictor, examples: Examples) -> dict[str, dict[str, float]]:
    """NDCG@5/10, recall@10, MAP@10 against observed outcomes (graded relevance)."""
    predicted = predictor.predict(examples.features)
    candidates = {
        "model": predicted["score"].to_numpy(),
        "ranker_only": predicted["ranker_score"].to_numpy(),
        "expected_gain_only": predicted["expected_gain"].to_numpy(),
        **ranking_baselines(examples.features),
    }
    return {
        name: ranking_report(examples.query, examples.relevance, scores)
        for name, scores in candidates.items()
    }


def risk_metrics(predictor: Predictor, split: Split) -> dict[str, dict[str, float]]:
    """AUC, Brier, log loss and calibration error of P(not completed), with baselines."""
    train = split.train.subset(split.train.enrolled)
    test = split.test.subset(split.test.enrolled)
    y = test.not_completed
    base_rate = float(train.not_completed.mean())
    logistic = logistic_baseline(train.features, train.not_completed)
    return {
        "model": probability_report(y, predictor.risk_probability(test.features)),
        "base_rate": probability_report(y, np.full(len(y), base_rate)),
        "logistic": probability_report(y, logistic.predict_proba(test.features)[:, 1]),
    }
