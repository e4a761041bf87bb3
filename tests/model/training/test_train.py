"""`make train` end to end on the tiny generated world."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from features.errors import DataError
from features.loading import load_tables
from features.pairs import FEATURE_NAMES, pair_features
from model.bundles.files import CURRENT, current_version
from model.bundles.serving import load_serving_bundle
from model.estimators.predictor import Predictor
from model.training.__main__ import main
from model.training.examples import build_examples
from model.training.gate import promotion_gate
from model.training.split import temporal_split
from model.training.train import demo_truth_dir, train


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
    assert {"model", "random", "popularity", "gap_coverage", "coverage_x_completion"} <= set(
        ranking
    )
    assert "coverage_x_completion" in manifest["metrics"]["ranking_taken"]
    periods = manifest["metrics"]["periods"]
    assert set(periods["counts"]) == {"train", "validation", "test"}
    assert periods["counts"]["test"]["decisions"] == periods["test_queries"]
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
    # the headroom diagnostics: the truth in place of one part of the model ranks better than
    # that part's estimate does
    assert truth["ceiling@10[true_benefit]"] > truth["ndcg@10[model]"]
    # the completion part: the true probabilities of not completing tell the test period's
    # outcomes apart better than the risk model does (a model above them would have seen the
    # outcomes). Not the NDCG with the true completion in place: on 1,200 employees it ties
    # the model's own expected gain within noise (0.7535 against 0.7538).
    risk_truth = metrics["truth"]["risk"]
    assert risk_truth["auc_bayes"] > risk_truth["auc_model"]
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
    assert code == 2 and err.startswith("error: ") and "Traceback" not in err
    assert not (tmp_path / "artifacts").exists() or not any((tmp_path / "artifacts").iterdir())


def test_a_library_value_error_is_a_bug_not_bad_data(tiny_world_dirs, tmp_path, capsys):
    # numpy refuses a negative seed: that ValueError must not be reported as bad data (2)
    data_dir, _ = tiny_world_dirs
    args = ["--data-dir", str(data_dir), "--artifacts-dir", str(tmp_path / "artifacts")]
    with pytest.raises(ValueError):
        main([*args, "--seed", "-1"])
    assert "error:" not in capsys.readouterr().err


def _semester_export(source: Path, target: Path) -> None:
    """The tiny world as an export whose sessions all start in February or October."""
    shutil.copytree(source, target)
    programs = pd.read_csv(source / "programs.csv", dtype=str)
    keep = programs[pd.to_datetime(programs["start_date"]).dt.month.isin([2, 10])]
    keep.to_csv(target / "programs.csv", index=False)
    for name in ("program_competencies", "enrollments"):
        table = pd.read_csv(source / f"{name}.csv", dtype=str)
        table[table["program_id"].isin(keep["program_id"])].to_csv(
            target / f"{name}.csv", index=False
        )


def test_a_semester_export_trains_promotes_and_serves_without_demo_truth(
    tiny_world_dirs, tmp_path, monkeypatch, capsys
):
    data_dir, truth_dir = tiny_world_dirs
    # the working folder holds a demo truth, as after `make data`; the export is elsewhere
    shutil.copytree(truth_dir, tmp_path / "data" / "demo_truth")
    _semester_export(data_dir, tmp_path / "export")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TRUTH_DIR", raising=False)
    artifacts = tmp_path / "artifacts"
    # Six-month calendar periods fall between the semesters: the validation one is empty.
    calendar = ["--data-dir", "export", "--artifacts-dir", str(artifacts)]
    assert main([*calendar, "--snapshot-date", "2026-03-31", "--validation-months", "6"]) == 2
    assert "validation       0 decisions" in capsys.readouterr().err
    assert main([*calendar, "--snapshot-date", "2026-03-31"]) == 0
    out = capsys.readouterr().out
    assert "periods by decisions" in out and "demo world's truth" not in out
    assert f"report (plots, drift against the serving bundle): {artifacts}" in out
    bundle = load_serving_bundle(artifacts / current_version(artifacts))
    assert "truth" not in bundle.manifest["metrics"]
    counts = bundle.manifest["metrics"]["periods"]["counts"]
    assert all(counts[p]["completed"] and counts[p]["not_completed"] for p in counts)
    state = bundle.state
    X = pair_features(state, list(state.employee_ids[:5]), list(state.program_ids[:5]))
    assert bundle.predictor.predict(X)["score"].notna().all()


def test_the_demo_truth_is_found_only_for_the_demo_world(tiny_world_dirs, tmp_path, monkeypatch):
    data_dir, truth_dir = tiny_world_dirs
    tables = load_tables(data_dir)
    monkeypatch.chdir(tmp_path)
    shutil.copytree(data_dir, tmp_path / "data" / "demo")
    shutil.copytree(truth_dir, tmp_path / "data" / "demo_truth")
    found = demo_truth_dir("data/demo", tables)
    assert found is not None and found.resolve() == (tmp_path / "data" / "demo_truth").resolve()
    assert demo_truth_dir(tmp_path / "data" / "demo", tables) is not None
    assert demo_truth_dir(data_dir, tables) is None  # the same export anywhere else
    shutil.copytree(data_dir, tmp_path / "export")
    assert demo_truth_dir("export", tables) is None
    # an export copied over the demo world does not match the demo's world.json
    world = tmp_path / "data" / "demo_truth" / "world.json"
    world.write_text(world.read_text().replace('"n_employees": ', '"n_employees": 1'))
    assert demo_truth_dir("data/demo", tables) is None


def test_a_bundle_with_other_features_is_not_promoted_without_force(
    trained, tiny_world_dirs, tmp_path
):
    data_dir, _ = tiny_world_dirs
    tables = load_tables(data_dir)
    as_of = pd.Timestamp(tables.snapshot_date())
    test = temporal_split(build_examples(tables, as_of), as_of).test
    artifacts = tmp_path / "artifacts"
    shutil.copytree(trained.path, artifacts / trained.version)
    manifest_path = artifacts / trained.version / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["feature_names"] = [*manifest["feature_names"][1:], "old_feature"]
    manifest_path.write_text(json.dumps(manifest))
    (artifacts / CURRENT).write_text(trained.version + "\n")
    promoted, reason = promotion_gate(artifacts, trained.predictor, test)
    assert not promoted
    assert "not promoted, use --force" in reason
    assert f"only in serving: old_feature; only in new: {FEATURE_NAMES[0]}" in reason
    promoted, reason = promotion_gate(artifacts, trained.predictor, test, force=True)
    assert promoted and "--force" in reason
