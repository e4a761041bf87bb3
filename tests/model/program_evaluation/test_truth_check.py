"""The truth check's figures on hand-computed cases, and in a real training run."""

from __future__ import annotations

import pandas as pd
import pytest

from model.bundles.serving import EVALUATIONS_PART, load_serving_bundle, serving_bundle
from model.training.evaluation_truth import (
    bias_by_prior,
    compare_with_truth,
    evaluation_truth_lines,
)


def _summary(rows: list[tuple[str, float, float, float, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(
        rows, columns=["course", "effect", "effect_ci_low", "effect_ci_high", "evidence"]
    )
    # the naive estimate: every course 0.5 too high, with intervals as narrow
    return frame.assign(
        naive_mean=frame["effect"] + 0.5,
        naive_ci_low=frame["effect_ci_low"] + 0.5,
        naive_ci_high=frame["effect_ci_high"] + 0.5,
    )


def test_perfect_estimates_score_one_and_a_shifted_baseline_misses():
    truth = pd.DataFrame({"course": list("abcd"), "true_effect": [0.1, 0.2, 0.3, 0.4]})
    summary = _summary(
        [
            ("a", 0.1, 0.0, 0.2, "sufficient"),
            ("b", 0.2, 0.1, 0.3, "sufficient"),
            ("c", 0.3, 0.2, 0.4, "sufficient"),
            ("d", 0.9, 0.8, 1.0, "insufficient"),  # not judged
        ]
    )
    figures = compare_with_truth(summary, truth)
    assert figures["n_courses"] == 3 and figures["n_courses_insufficient"] == 1
    did = figures["difference_in_differences"]
    assert did == {"spearman": 1.0, "coverage": 1.0, "bias": 0.0, "rmse": 0.0}
    naive = figures["naive_before_after"]
    assert naive["spearman"] == 1.0 and naive["coverage"] == 0.0
    assert naive["bias"] == pytest.approx(0.5)
    assert any("difference_in_differences" in line for line in evaluation_truth_lines(figures))
    assert evaluation_truth_lines(None) == []


def test_too_few_courses_give_no_figures():
    truth = pd.DataFrame({"course": ["a"], "true_effect": [0.1]})
    figures = compare_with_truth(_summary([("a", 0.1, 0.0, 0.2, "sufficient")]), truth)
    assert figures["difference_in_differences"]["spearman"] is None


def test_training_reports_the_truth_check(trained):
    figures = trained.metrics["program_evaluation_truth"]
    assert figures["n_courses"] >= 3
    assert figures["difference_in_differences"]["spearman"] > 0.3
    assert figures["by_prior_rating"]


def test_a_bundle_from_before_evaluations_loads_without_them(trained):
    bundle = load_serving_bundle(trained.path)
    assert bundle.evaluations is not None
    snapshot = {name: getattr(bundle, name) for name in ("state", "profiles", "needs")}
    snapshot |= {n: getattr(bundle, n) for n in ("programs", "competencies", "units")}
    snapshot["enrollments"] = bundle.enrollments
    assert EVALUATIONS_PART not in snapshot
    older = serving_bundle("old", bundle.manifest, bundle.predictor, snapshot)
    assert older.evaluations is None


def test_bias_by_prior_rating_by_hand():
    participants = pd.DataFrame(
        {
            "employee_id": ["a", "b", "c"],
            "program_id": ["P", "P", "P"],
            "prior_level": [1.5, 1.8, 4.5],
            "change": [1.0, 0.8, -0.2],
            "did": [0.5, 0.3, 0.4],
        }
    )
    truth = pd.DataFrame(
        {
            "employee_id": ["a", "b", "c"],
            "program_id": ["P"] * 3,
            "true_level_gain": [0.4, 0.4, 0.5],
        }
    )
    bands = bias_by_prior(participants, truth)
    assert [b["prior_rating"] for b in bands] == ["1-2", "4-5"]
    assert bands[0]["n"] == 2
    assert bands[0]["bias_difference_in_differences"] == pytest.approx(0.0)
    assert bands[0]["bias_naive_before_after"] == pytest.approx(0.5)
    assert bands[1]["bias_naive_before_after"] == pytest.approx(-0.7)
