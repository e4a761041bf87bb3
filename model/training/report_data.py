"""The numbers behind the training report's plots, computed in training on the test period.

They come from the same arrays as the metrics: the candidates' scores of
`evaluation.ranking_candidates`, the risk model and the logistic baseline of
`evaluation.split_logistic_risk` (deterministic, so refitting it gives the metrics' baseline),
on the same test rows. Everything here is plain JSON, kept in the bundle as
`report_data.json`, so a report can be drawn again and the next training can compare its
features with this one's (`report_drift`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from model.bundles.serving import EFFICACY_BOOSTER, bundle_boosters
from model.estimators.predictor import Predictor
from model.training.baselines import LogisticRisk
from model.training.evaluation import ranking_candidates, split_logistic_risk
from model.training.examples import Examples
from model.training.metrics import ranking_report
from model.training.refit import Fits, served_out_of_fold
from model.training.report_drift import feature_profile
from model.training.split import Split

CALIBRATION_BINS = 10
NDCG_KS = tuple(range(1, 11))
SCORE_BINS = 25
SERVED_OUT_OF_FOLD = "served_out_of_fold"
GRADES = {0: "not taken", 1: "taken, not completed", 2: "completed", 3: "completed with gain"}


def report_data(predictor: Predictor, split: Split) -> dict[str, Any]:
    """Calibration bins, NDCG@k curves, feature importance, score histograms and the
    feature profile of the test period."""
    logistic = split_logistic_risk(split)
    test = split.test
    enrolled = test.subset(test.enrolled)
    base_rate = float(np.mean(split.validation.not_completed[split.validation.enrolled]))
    risk = {
        "model": predictor.risk_probability(enrolled.features),
        "logistic": logistic.probability(enrolled.features),
        "base_rate": np.full(len(enrolled.not_completed), base_rate),
    }
    candidates = ranking_candidates(predictor, test, logistic)
    return {
        "calibration": {
            name: reliability_bins(enrolled.not_completed, p) for name, p in risk.items()
        },
        "ndcg_at_k": {
            "taken": ndcg_curves(predictor, test.taken_programs(), logistic),
            "observed": _curves(test, candidates),
        },
        "importance": feature_importance(predictor),
        "scores": {
            "score_by_grade": scores_by_grade(candidates, test.relevance),
            "risk_by_outcome": histograms_by(
                risk["model"], enrolled.not_completed, {0: "completed", 1: "not completed"}
            ),
        },
        "profile": feature_profile(test.features),
    }


def served_reliability(fits: Fits, split: Split) -> dict:
    """Reliability bins of the served model's calibrated risk on the out-of-fold scores its
    calibrator learned from (`refit.served_out_of_fold`)."""
    y, p, _ = served_out_of_fold(fits, split)
    return reliability_bins(y, p)


def reliability_bins(y: np.ndarray, p: np.ndarray, n_bins: int = CALIBRATION_BINS) -> dict:
    """Per quantile bin of p (equal quantiles merged): mean predicted, observed rate, count."""
    edges = np.unique(np.quantile(p, np.linspace(0.0, 1.0, n_bins + 1)))
    bins = np.searchsorted(edges[1:-1], p, side="right")
    counts = np.bincount(bins)
    filled = counts > 0
    return {
        "predicted": (np.bincount(bins, weights=p)[filled] / counts[filled]).tolist(),
        "observed": (np.bincount(bins, weights=y)[filled] / counts[filled]).tolist(),
        "count": counts[filled].tolist(),
    }


def ndcg_curves(
    predictor: Predictor, examples: Examples, logistic: LogisticRisk
) -> dict[str, list[float]]:
    """NDCG@k for k = 1..10 of every candidate on `examples`."""
    return _curves(examples, ranking_candidates(predictor, examples, logistic))


def _curves(examples: Examples, candidates: dict[str, np.ndarray]) -> dict[str, list[float]]:
    """One sort per candidate (`ranking_report`), every k read from it."""
    curves = {}
    for name, scores in candidates.items():
        report = ranking_report(examples.query, examples.relevance, scores, ks=NDCG_KS)
        curves[name] = [report[f"ndcg@{k}"] for k in NDCG_KS]
    return curves


def feature_importance(predictor: Predictor) -> dict[str, dict[str, float]]:
    """Each booster's total split gain per feature, as a share of its total (sums to 1)."""
    out = {}
    for name, booster in bundle_boosters(predictor).items():
        iteration = {
            "ranker": predictor.ranker_iteration,
            "risk": predictor.risk_iteration,
            EFFICACY_BOOSTER: predictor.efficacy_iteration,
        }[name]
        gain = booster.feature_importance("gain", iteration=iteration or None)
        total = float(gain.sum())
        shares = gain / total if total > 0 else gain * 0.0
        out[name] = dict(zip(booster.feature_name(), shares.tolist(), strict=True))
    return out


def scores_by_grade(candidates: dict[str, np.ndarray], relevance: np.ndarray) -> dict:
    """Histograms of the model's score by relevance grade over the pairs with an expected
    gain, and per grade the share without one: those all sit at the score's floor (the
    program covers none of the employee's gaps) and would swamp the histogram."""
    gain = candidates["expected_gain_only"] > 0
    histograms = histograms_by(candidates["model"][gain], relevance[gain], GRADES)
    histograms["no_gain_share"] = {
        label: float(np.mean(~gain[relevance == code]))
        for code, label in GRADES.items()
        if (relevance == code).any()
    }
    return histograms


def histograms_by(
    values: np.ndarray,
    labels: np.ndarray,
    names: dict[int, str],
    edges: np.ndarray | None = None,
) -> dict[str, Any]:
    """Histograms of `values` on shared edges, one per label (by `names`), as counts."""
    values = np.asarray(values, dtype=float)
    if edges is None:
        low, high = np.quantile(values, [0.005, 0.995])
        edges = np.linspace(low, high if high > low else low + 1.0, SCORE_BINS + 1)
    clipped = np.clip(values, edges[0], edges[-1])
    return {
        "edges": np.asarray(edges).tolist(),
        "counts": {
            label: np.histogram(clipped[labels == code], bins=edges)[0].tolist()
            for code, label in names.items()
            if (labels == code).any()
        },
    }
