"""`make train` end to end on the tiny generated world."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

from features.errors import DataError
from features.loading import load_tables
from features.pairs import pair_features
from model.bundle import CURRENT, current_version
from model.predictor import Predictor
from model.serving_bundle import load_serving_bundle
from model.training.__main__ import main
from model.training.examples import build_examples
from model.training.split import temporal_split
from model.training.train import promotion_gate, train


def test_training_writes_and_promotes_a_complete_bundle(trained):
    assert trained.promoted
    root = trained.path.parent
    assert current_version(root) == trained.version
    manifest = load_serving_bundle(trained.path).manifest
    for key in ("created_at", "feature_names", "data", "parameters", "metrics", "libraries"):
        assert key in manifest
    assert manifest["data"]["rows"]["employees"] > 0
    assert len(manifest["data"]["fingerprint"]) == 64
    ranking = manifest["metrics"]["ranking"]
    assert {"model", "random", "popularity", "gap_coverage"} <= set(ranking)
    assert {"model", "base_rate", "logistic"} <= set(manifest["metrics"]["risk"])
    assert "truth" in manifest["metrics"]


def test_the_model_learns_something(trained):
    metrics = trained.metrics
    assert metrics["ranking"]["model"]["ndcg@10"] > metrics["ranking"]["random"]["ndcg@10"]
    assert metrics["risk"]["model"]["auc"] > 0.55
    assert 0.0 <= metrics["risk"]["model"]["ece"] <= 0.2
    truth = metrics["truth"]["recommendations"]
    assert truth["ndcg@10[oracle]"] == 1.0
    assert truth["ndcg@10[model]"] > truth["ndcg@10[gap_coverage]"] > truth["ndcg@10[random]"]
    assert metrics["truth"]["risk"]["auc_bayes"] > 0.5


def test_loaded_bundle_predicts_exactly_like_the_trained_models(trained, tiny_world_dirs):
    bundle = load_serving_bundle(trained.path)
    state = bundle.state
    employees = state.employee_ids[:20].repeat(3)
    programs = np.resize(state.program_ids.to_numpy(), len(employees))
    X = pair_features(state, list(employees), list(programs))
    pd.testing.assert_frame_equal(bundle.predictor.predict(X), trained.predictor.predict(X))


def test_the_gate_keeps_a_worse_bundle_unpromoted_unless_forced(trained, tiny_world_dirs):
    data_dir, _ = tiny_world_dirs
    tables = load_tables(data_dir)
    as_of = pd.Timestamp(tables.snapshot_date())
    test = temporal_split(build_examples(tables, as_of), as_of).test
    good = trained.predictor
    # ranks and predicts backwards: the risk model's log-odds turned around
    worse = Predictor(
        **{**good.__dict__, "blend": -good.blend - 4.0, "calibrator": _reversed(good)}
    )
    root = trained.path.parent
    promoted, reason = promotion_gate(root, worse, test)
    assert not promoted and "not promoted" in reason
    assert promotion_gate(root, worse, test, force=True)[0]
    assert promotion_gate(root, good, test)[0]


def _reversed(predictor: Predictor):
    """A calibrator that maps high risk scores to low probabilities."""
    from sklearn.linear_model import LogisticRegression

    x = np.linspace(-3, 3, 50).reshape(-1, 1)
    return LogisticRegression().fit(x, (x[:, 0] < 0).astype(int))


def test_bad_data_fails_clearly_and_writes_nothing(tiny_world_dirs, tmp_path, capsys):
    data_dir, _ = tiny_world_dirs
    broken = tmp_path / "broken"
    shutil.copytree(data_dir, broken)
    lines = (broken / "programs.csv").read_text().splitlines()
    header = lines[0].split(",")
    cells = lines[2].split(",")
    cells[header.index("method")] = "webinar"
    lines[2] = ",".join(cells)
    (broken / "programs.csv").write_text("\n".join(lines) + "\n")
    artifacts = tmp_path / "artifacts"
    artifacts.mkdir()
    (artifacts / CURRENT).write_text("old\n")
    with pytest.raises(DataError, match=r"programs\.csv"):
        train(broken, artifacts)
    code = main(["--data-dir", str(broken), "--artifacts-dir", str(artifacts)])
    err = capsys.readouterr().err
    assert code == 2 and "programs.csv" in err and "method" in err and "Traceback" not in err
    assert sorted(p.name for p in artifacts.iterdir()) == [CURRENT]
    assert (artifacts / CURRENT).read_text() == "old\n"


def test_too_short_a_history_is_a_clear_error(tiny_world_dirs, tmp_path, capsys):
    data_dir, _ = tiny_world_dirs
    args = ["--data-dir", str(data_dir), "--artifacts-dir", str(tmp_path / "artifacts")]
    code = main([*args, "--snapshot-date", "2023-08-15", "--truth-dir", "none"])
    err = capsys.readouterr().err
    assert code == 2 and "at least 6 are needed" in err and "Traceback" not in err
    assert not (tmp_path / "artifacts").exists() or not any((tmp_path / "artifacts").iterdir())


def test_a_short_history_gets_shorter_validation_and_test_periods(tiny_world_dirs, tmp_path):
    data_dir, _ = tiny_world_dirs
    result = train(data_dir, tmp_path / "artifacts", snapshot="2024-07-31")
    periods = result.metrics["periods"]
    # history from mid-2023: 12-13 months, so 4-month periods instead of 6
    assert (periods["train_until"], periods["validation_until"]) == ("2023-11-30", "2024-03-31")
    assert result.promoted
