"""A real HR export may carry only the contract's required columns: training still works."""

from __future__ import annotations

import pandas as pd

from features.schema import SPECS
from model.bundles.serving import load_serving_bundle
from model.training.train import train


def test_training_on_required_columns_only(tiny_world_dirs, tmp_path):
    data_dir, _ = tiny_world_dirs
    minimal = tmp_path / "data"
    minimal.mkdir()
    for spec in SPECS.values():
        if not spec.required:
            continue  # the optional units table is left out too
        frame = pd.read_csv(data_dir / f"{spec.name}.csv", dtype=str, keep_default_na=False)
        required = [c.name for c in spec.columns if c.required]
        frame[required].to_csv(minimal / f"{spec.name}.csv", index=False)
    result = train(minimal, tmp_path / "artifacts")
    assert result.promoted
    bundle = load_serving_bundle(result.path)
    assert bundle.predictor.efficacy is None  # no Kirkpatrick scores: coverage stands in
    assert result.metrics["risk"]["model"]["n"] > 0
    unrecorded = {"available": False}  # no gender, no birth date
    assert result.metrics["fairness"] == {"gender": unrecorded, "age_group": unrecorded}


def test_training_on_a_parquet_export(tmp_path):
    from features.demo import generate_world, write_world

    write_world(generate_world(1200, seed=11), tmp_path / "data", tmp_path / "truth", fmt="parquet")
    assert not list((tmp_path / "data").glob("*.csv"))
    result = train(tmp_path / "data", tmp_path / "artifacts", truth_dir=tmp_path / "truth")
    assert result.promoted and "truth" in result.metrics
