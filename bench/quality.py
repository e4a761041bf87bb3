"""Benchmark 4: model quality, read from the metrics of the small training run."""

from __future__ import annotations

from typing import Any

from bench.measure import Target, figure

# Every baseline the truth ranks, the learned-nothing ones included: the target is against the
# best of them.
RANKING_BASELINES = (
    "random",
    "popularity",
    "gap_coverage",
    "expected_gap_coverage",
    "coverage_x_completion",
)
OTHER_RANKERS = ("ranker_only", "expected_gain_only", "oracle")
NDCG_TARGET = Target(">=", 1.10, "x best baseline", on="ratio")
AUC_TARGET = Target(">=", 0.95, "x Bayes", on="ratio")
ECE_TARGET = Target("<", 0.03)


def records(metrics: dict[str, Any], employees: int) -> list[dict[str, Any]]:
    """NDCG@10 against the hidden truth, risk AUC against Bayes, calibration error."""
    truth = metrics["truth"]
    recommendations, risk = truth["recommendations"], truth["risk"]
    ndcg = {name: recommendations[f"ndcg@10[{name}]"] for name in _rankers(recommendations)}
    best = max((n for n in RANKING_BASELINES if n in ndcg), key=lambda name: ndcg[name] or 0.0)
    test_risk = metrics["risk"]
    figures = {
        "NDCG@10 vs truth": figure(
            ndcg["model"], "", ndcg[best], f"best baseline ({best})", NDCG_TARGET
        ),
        "risk AUC": figure(risk["auc_model"], "", risk["auc_bayes"], "Bayes AUC", AUC_TARGET),
        **(
            {
                "risk AUC given the hidden traits": figure(
                    risk["auc_model_given_traits"], "", risk["auc_bayes"], "Bayes AUC"
                )
            }
            if "auc_model_given_traits" in risk
            else {}
        ),
        "risk ECE (test period)": figure(
            test_risk["model"]["ece"],
            "",
            test_risk["logistic"]["ece"],
            "logistic baseline",
            ECE_TARGET,
        ),
        "risk ECE vs truth": figure(
            risk["ece_model"], "", risk["ece_truth"], "true probabilities", ECE_TARGET
        ),
    }
    parameters = {
        "employees": employees,
        "truth_employees": recommendations["employees"],
        "test_enrolments": risk["enrolments"],
        "ndcg@10": ndcg,
        "risk_auc_test_period": {name: m["auc"] for name, m in test_risk.items()},
    }
    return [{"name": "model quality", "parameters": parameters, "figures": figures}]


def _rankers(recommendations: dict[str, Any]) -> list[str]:
    names = ["model", *RANKING_BASELINES, *OTHER_RANKERS]
    return [name for name in names if f"ndcg@10[{name}]" in recommendations]
