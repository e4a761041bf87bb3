"""Honest evaluation on the test period: the model side by side with its baselines.

The baselines learn from the same periods as the model: fitted on train, calibrated on
validation (the model's early stopping and calibration period), never on test.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from model.estimators.predictor import Predictor
from model.training.baselines import LogisticRisk, logistic_risk, ranking_baselines
from model.training.examples import Examples
from model.training.metrics import probability_report, ranking_report
from model.training.split import Split


def test_period_metrics(predictor: Predictor, split: Split) -> dict[str, Any]:
    """Ranking and risk metrics of the model and every baseline on the same test rows."""
    risk = split_logistic_risk(split)
    return {
        "ranking": ranking_metrics(predictor, split.test, risk),
        "ranking_taken": ranking_metrics(predictor, split.test.taken_programs(), risk),
        "risk": risk_metrics(predictor, split, risk),
        "periods": period_metrics(split),
    }


def split_logistic_risk(split: Split) -> LogisticRisk:
    """The logistic risk baseline, fitted on the training and calibrated on the validation
    period's enrolments."""
    train = split.train.subset(split.train.enrolled)
    valid = split.validation.subset(split.validation.enrolled)
    return logistic_risk(train.features, train.not_completed, valid.features, valid.not_completed)


def period_metrics(split: Split) -> dict[str, Any]:
    """How the history was split: the cuts, and per period its decisions and outcomes."""
    return {
        "method": split.method,
        "train_until": str(split.cut_1.date()),
        "validation_until": str(split.cut_2.date()),
        "test_queries": int(np.unique(split.test.query).size),
        "test_enrolments": int(split.test.enrolled.sum()),
        "train_rows": len(split.train.query),
        "unassigned_decisions": int(split.unassigned),
        "counts": split.counts,
    }


def ranking_metrics(
    predictor: Predictor, examples: Examples, risk: LogisticRisk | None = None
) -> dict[str, dict[str, float]]:
    """NDCG@5/10, recall@10, MAP@10 against observed outcomes (graded relevance)."""
    return {
        name: ranking_report(examples.query, examples.relevance, scores)
        for name, scores in ranking_candidates(predictor, examples, risk).items()
    }


def ranking_candidates(
    predictor: Predictor, examples: Examples, risk: LogisticRisk | None = None
) -> dict[str, np.ndarray]:
    """The scores of the model, its parts and every ranking baseline for the same rows (the
    training report plots NDCG@k from these very arrays)."""
    predicted = predictor.predict(examples.features)
    return {
        "model": predicted["score"].to_numpy(),
        "ranker_only": predicted["ranker_score"].to_numpy(),
        "expected_gain_only": predicted["expected_gain"].to_numpy(),
        **ranking_baselines(examples.features, risk=risk),
    }


def risk_metrics(
    predictor: Predictor, split: Split, risk: LogisticRisk | None = None
) -> dict[str, dict[str, float]]:
    """AUC, Brier, log loss and calibration error of P(not completed), with baselines.

    The base rate is the validation period's: the model's calibration maps its scores to
    that period's rates, so the constant that is its fair match is that period's mean.
    """
    risk = risk if risk is not None else split_logistic_risk(split)
    valid = split.validation.subset(split.validation.enrolled)
    test = split.test.subset(split.test.enrolled)
    y = test.not_completed
    base_rate = float(valid.not_completed.mean())
    return {
        "model": probability_report(y, predictor.risk_probability(test.features)),
        "base_rate": probability_report(y, np.full(len(y), base_rate)),
        "logistic": probability_report(y, risk.probability(test.features)),
    }
