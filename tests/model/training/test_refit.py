"""Evaluate, then refit (issue 20): the served models learn from every known outcome."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pandas as pd
import pytest

from features.loading import load_tables
from model.bundles.files import CURRENT
from model.training.examples import build_examples
from model.training.gate import promotion_gate
from model.training.refit import MAX_ROUND_SCALE, known_by, refit_rounds
from model.training.report import metrics_table
from model.training.split import temporal_split


@pytest.mark.parametrize(
    ("best", "fitted", "refit", "rounds"),
    [
        (100, 1000, 1000, 100),  # the same rows: the best round
        (100, 1000, 1500, 150),  # half as many rows again: half as many rounds again
        (100, 1000, 10_000, int(100 * MAX_ROUND_SCALE)),  # capped
        (100, 1000, 500, 100),  # never fewer than the best round
        (0, 1000, 2000, 1),  # at least one round
        (40, 0, 2000, 40),  # nothing to scale from
    ],
)
def test_refit_rounds_scale_with_the_rows_within_bounds(best, fitted, refit, rounds):
    assert refit_rounds(best, fitted, refit) == rounds


def test_known_by_keeps_outcomes_known_in_time_and_decisions_before_the_cut():
    from tests.model.training.test_split import _history

    history = _history({"2025-02-03": 3, "2025-10-06": 2}, known_after_days=100)
    assert known_by(history, pd.Timestamp("2025-06-01")).sum() == 3
    assert known_by(history, pd.Timestamp("2026-06-01")).sum() == 5
    mask = known_by(history, pd.Timestamp("2026-06-01"), before=pd.Timestamp("2025-10-06"))
    assert mask.sum() == 3


def test_the_served_model_learns_from_every_outcome_known_at_the_snapshot(trained):
    refit = trained.metrics["refit"]
    rows = refit["rows"]
    for model in ("ranker", "risk", "efficacy"):
        assert rows["evaluation"][model] < rows["protocol"][model] < rows["refit"][model]
        assert refit["rounds"]["refit"][model] >= refit["rounds"]["evaluation"][model]
    assert refit["serves"] in {"refit", "evaluation"}
    if refit["serves"] == "refit":
        assert refit["out_of_fold"]["periods"] == ["validation", "test"]
        assert trained.predictor.risk_iteration == refit["rounds"]["refit"]["risk"]
        assert trained.predictor is not trained.evaluation
    # both fits on the test period, with the figures the gate compares
    for name in ("evaluation", "protocol"):
        assert {"taken NDCG@10", "risk AUC", "risk", "blend"} <= set(refit["test"][name])
    oof = refit["out_of_fold"]["risk"]
    assert oof["n"] > trained.metrics["risk"]["model"]["n"]  # validation and test
    assert 0.0 <= oof["ece"] < 0.1
    table = metrics_table(trained.metrics)
    assert "serving: the " in table and "refit one period back" in table
    assert "served, out of fold" in table


def test_the_bundle_serves_the_refit_and_its_manifest_says_so(trained):
    manifest = json.loads((trained.path / "manifest.json").read_text())
    refit = manifest["metrics"]["refit"]
    assert manifest["parameters"]["risk_iteration"] == trained.predictor.risk_iteration
    snapshot = manifest["data"]["snapshot_date"]
    assert refit["learned_until"] == (
        snapshot if refit["serves"] == "refit" else manifest["metrics"]["periods"]["train_until"]
    )
    # the test figures stay the train-only fit's
    evaluation = refit["test"]["evaluation"]["risk"]["auc"]
    assert manifest["metrics"]["risk"]["model"]["auc"] == pytest.approx(evaluation)
    calibration = json.loads((trained.path / "report_data.json").read_text())["calibration"]
    assert {"model", "served_out_of_fold"} <= set(calibration)


def test_the_gate_compares_models_on_test_rows_neither_learned_from(
    trained, tiny_world_dirs, tmp_path
):
    data_dir, _ = tiny_world_dirs
    tables = load_tables(data_dir)
    as_of = pd.Timestamp(tables.snapshot_date())
    test = temporal_split(build_examples(tables, as_of), as_of).test
    artifacts = tmp_path / "artifacts"
    shutil.copytree(trained.path, artifacts / trained.version)
    (artifacts / CURRENT).write_text(trained.version + "\n")
    good, worse = trained.predictor, _backwards(trained.predictor)
    # the serving bundle learned from the whole test period: served against served
    promoted, reason = promotion_gate(artifacts, worse, test, stand_in=good)
    assert not promoted and "which both models learned from" in reason
    # a serving bundle that learned only until before the test period: the new bundle's
    # stand-in (fitted without test) is compared, on the rows neither learned from
    manifest_path = artifacts / trained.version / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    first = pd.Timestamp(test.decided_at.min()) - pd.Timedelta(days=1)
    manifest["metrics"]["refit"]["learned_until"] = str(first.date())
    manifest_path.write_text(json.dumps(manifest))
    promoted, reason = promotion_gate(artifacts, good, test, stand_in=worse)
    assert not promoted and "neither model learned from" in reason
    assert promotion_gate(artifacts, worse, test, stand_in=good)[0]


def _backwards(predictor):
    """`predictor` ranking and predicting backwards (as the gate test of test_train does)."""
    from sklearn.linear_model import LogisticRegression

    from model.estimators.predictor import Predictor

    x = np.linspace(-3, 3, 50).reshape(-1, 1)
    reversed_calibrator = LogisticRegression().fit(x, (x[:, 0] < 0).astype(int))
    return Predictor(
        **{**predictor.__dict__, "blend": -predictor.blend - 4.0, "calibrator": reversed_calibrator}
    )


def test_a_period_with_nothing_to_compare_scores_no_rows_instead_of_failing(trained):
    """LightGBM refuses no rows ("Input data must be 2 dimensional and non empty"): a short
    validation period with nobody enrolled twice reached it through the blend (issue 20)."""
    from features.pairs import pair_features
    from model.training.fit import best_blend
    from tests.model.training.test_split import _history

    state = load_serving_bundle_state(trained)
    X = pair_features(state, list(state.employee_ids[:3]), list(state.program_ids[:3]))
    empty = trained.predictor.predict(X.iloc[:0])
    assert empty.empty and list(empty.columns) == list(trained.predictor.predict(X).columns)
    assert trained.predictor.risk_contributions(X.iloc[:0]).shape[0] == 0
    one_each = _history({"2025-02-03": 4})  # one enrolment per employee: nothing to compare
    assert best_blend([(trained.predictor, _with_features(one_each, X))]) == 0.0


def load_serving_bundle_state(trained):
    from model.bundles.serving import load_serving_bundle

    return load_serving_bundle(trained.path).state


def _with_features(examples, X):
    """`examples` with real pair features (the hand-built history has a toy column)."""
    from model.training.examples import Examples

    rows = X.iloc[np.arange(len(examples.query)) % len(X)].reset_index(drop=True)
    return Examples(**{**examples.__dict__, "features": rows})
