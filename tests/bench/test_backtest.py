"""The backtest's ECE figures (issue 20): the ECE a perfect model shows by chance on one intake."""

from __future__ import annotations

import numpy as np

from bench.backtest import ECE_TARGET, ece_bootstrap, ece_by_chance, records
from bench.report import table
from model.training.metrics import expected_calibration_error


def test_a_perfectly_calibrated_model_shows_an_ece_by_chance_that_shrinks_with_the_people():
    rng = np.random.default_rng(1)
    small, large = rng.uniform(0.1, 0.4, 500), rng.uniform(0.1, 0.4, 20_000)
    few, many = ece_by_chance(small, seed=2, draws=300), ece_by_chance(large, seed=2, draws=300)
    # outcomes drawn from p itself: the ECE is only noise, of the order of sqrt(p(1-p)/n)
    assert 0.0 < many["mean"] < few["mean"] < 0.1
    assert few["mean"] <= few["p95"]
    assert 0.0 <= many["above_target"] <= few["above_target"] <= 1.0
    assert few["above_target"] > 0.5 and many["above_target"] == 0.0


def test_the_ece_bootstrap_brackets_the_ece_of_the_intake():
    rng = np.random.default_rng(3)
    p = rng.uniform(0.1, 0.4, 2000)
    y = (rng.random(2000) < p + 0.05).astype(float)  # five points more than predicted
    spread = ece_bootstrap(y, p, seed=4)
    assert spread["p5"] <= expected_calibration_error(y, p) <= spread["p95"]
    assert ece_by_chance(np.zeros(0))["mean"] != ece_by_chance(np.zeros(0))["mean"]  # NaN


def _risk(ece: float) -> dict:
    return {
        "auc": 0.6,
        "ece": ece,
        "ece_bootstrap": {"p5": ece / 2, "p95": ece * 2},
        "ece_by_chance": {"mean": 0.01, "p95": 0.02, "above_target": 0.05},
        "mean_predicted": 0.2,
        "observed_rate": 0.22,
    }


def test_the_record_checks_the_ece_target_beside_the_ece_of_the_true_probabilities():
    truth = {"auc": 0.7, "ece": 0.017, "mean": 0.22}
    truth["ece_by_chance"] = {"mean": 0.018, "p95": 0.028, "above_target": 0.33}
    result = {
        "shape": "long",
        "family": "jakarta",
        "employees": 5000,
        "trained_at": "2025-03-30",
        "snapshot": "2026-06-30",
        "train_seconds": 1.0,
        "refit": {"serves": "refit", "test": {}, "fit_seconds": {}},
        "ndcg@10": {"served": 0.9, "evaluation": 0.9},
        "risk": {
            "served": _risk(0.057),
            "evaluation": _risk(0.039),
            "plain_lightgbm": {"auc": 0.58},
            "truth": truth,
        },
        "future_enrolments": 1880,
    }
    (record,) = records(result)
    ece = record["figures"]["risk ECE after t"]
    assert ece["target"] == ECE_TARGET.text() and ece["met"] is False
    versus = record["figures"]["risk ECE after t vs true probabilities"]
    assert versus["baseline"]["value"] == 0.017
    spread = record["parameters"]["ece_spread"]
    assert spread["truth_by_chance"]["above_target"] == 0.33
    assert spread["served_bootstrap"] == {"p5": 0.0285, "p95": 0.114}
    assert record["parameters"]["calibration_in_the_large"]["truth"]["mean_predicted"] == 0.22


def test_a_history_too_short_at_t_is_one_record_not_met_and_the_bench_goes_on():
    error = "cannot split the history into train, validation and test (decisions; ...)"
    result = {"shape": "long", "family": "jakarta", "employees": 5000,
              "trained_at": "2025-03-30", "snapshot": "2026-06-30", "error": error}  # fmt: skip
    (record,) = records(result)
    assert record["name"] == "backtest (long)" and record["figures"] == {}
    assert record["error"] == error and record["parameters"]["trained_at"] == "2025-03-30"
    row = next(line for line in table([record]).splitlines() if "cannot split" in line)
    assert row.rstrip().endswith("not met")
