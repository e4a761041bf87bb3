"""Bundles: atomic write, verified read, promotion."""

from __future__ import annotations

import json
import pickle

import lightgbm as lgb
import numpy as np
import pandas as pd
import pytest

from model.bundles.files import (
    MANIFEST,
    BundleError,
    current_version,
    promote,
    read_bundle,
    write_bundle,
)
from model.bundles.serving import json_safe, serving_snapshot
from tests.features import tiny_tables as tiny


@pytest.fixture(scope="module")
def booster() -> lgb.Booster:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 3))
    y = (X[:, 0] + rng.normal(size=400) > 0).astype(int)
    params = {"objective": "binary", "verbosity": -1, "num_threads": 1}
    return lgb.train(params, lgb.Dataset(X, y), num_boost_round=10)


def _write(root, booster, version="v1"):
    return write_bundle(
        root,
        version,
        boosters={"risk": booster},
        objects={"extra": {"blend": 0.5}},
        manifest={"feature_names": ["a", "b", "c"]},
    )


def test_round_trip_gives_identical_predictions(tmp_path, booster):
    path = _write(tmp_path, booster)
    raw = read_bundle(path, ["a", "b", "c"])
    X = np.random.default_rng(1).normal(size=(50, 3))
    np.testing.assert_array_equal(raw.boosters["risk"].predict(X), booster.predict(X))
    assert raw.objects["extra"] == {"blend": 0.5}
    assert raw.version == "v1"
    assert set(raw.manifest["files"]) == {"risk.txt", "extra.joblib"}


def test_altered_file_is_refused_before_loading(tmp_path, booster):
    path = _write(tmp_path, booster)
    with open(path / "extra.joblib", "ab") as handle:
        handle.write(b"tampered")
    with pytest.raises(BundleError, match=r"extra\.joblib"):
        read_bundle(path)


def test_missing_file_wrong_format_and_other_features_are_refused(tmp_path, booster):
    path = _write(tmp_path, booster)
    with pytest.raises(BundleError, match="other features"):
        read_bundle(path, ["a", "b"])
    manifest = json.loads((path / MANIFEST).read_text())
    (path / MANIFEST).write_text(json.dumps({**manifest, "format_version": 99}))
    with pytest.raises(BundleError, match="format 99"):
        read_bundle(path)
    (path / MANIFEST).write_text(json.dumps(manifest))
    (path / "risk.txt").unlink()
    with pytest.raises(BundleError, match=r"risk\.txt"):
        read_bundle(path)


def test_a_renamed_bundle_is_refused(tmp_path, booster):
    path = _write(tmp_path, booster)
    path.rename(tmp_path / "v9")
    with pytest.raises(BundleError, match="names version v1"):
        read_bundle(tmp_path / "v9")


def test_a_failed_write_leaves_nothing_behind(tmp_path, booster):
    with pytest.raises(pickle.PicklingError):
        write_bundle(tmp_path, "v2", {"risk": booster}, {"bad": lambda: 0}, {})
    assert list(tmp_path.iterdir()) == []


def test_promote_points_current_at_a_written_bundle(tmp_path, booster):
    assert current_version(tmp_path) is None
    _write(tmp_path, booster, "v1")
    promote(tmp_path, "v1")
    assert current_version(tmp_path) == "v1"
    with pytest.raises(BundleError):
        promote(tmp_path, "nope")
    assert current_version(tmp_path) == "v1"
    with pytest.raises(BundleError, match="already exists"):
        _write(tmp_path, booster, "v1")


def test_manifest_metrics_are_strict_json():
    cleaned = json_safe({"a": float("nan"), "b": [np.float32(1.5), float("inf")], "c": np.int64(3)})
    assert cleaned == {"a": None, "b": [1.5, None], "c": 3}
    json.dumps(cleaned, allow_nan=False)


def test_the_snapshot_keeps_the_tier_held_when_enrolling(tmp_path):
    """Who a course is for is learned from its participants' tiers then, not after their
    promotion (PKP participants are pengawas when they enrol, administrators later)."""
    world = tiny.world()
    tiny.set_cell(world, "assignments", 2, "start_date", "2024-07-01")  # B promoted after
    tables = tiny.load(tmp_path, world)
    snapshot = serving_snapshot(tables, pd.Timestamp("2024-06-30"))
    enr = snapshot["enrollments"].set_index("employee_id")
    assert enr.loc[tiny.NIP_B, "tier"] == "fungsional_ahli"  # R1 then; R2 (administrator) now


def test_a_format_1_bundle_still_loads_and_plain_files_are_checked_not_loaded(tmp_path, booster):
    path = write_bundle(tmp_path, "v1", {"risk": booster}, {"calibrator": [1]}, {},
                        plain={"report.html": b"<html></html>"})  # fmt: skip
    manifest = json.loads((path / MANIFEST).read_text())
    assert manifest["format_version"] == 3
    assert manifest["files"]["report.html"]["kind"] == "file"
    assert set(read_bundle(path).objects) == {"calibrator"}  # the page is never unpickled
    (path / "report.html").write_bytes(b"<html>changed</html>")
    with pytest.raises(BundleError, match=r"report\.html"):
        read_bundle(path)
    del manifest["files"]["report.html"]
    (path / MANIFEST).write_text(json.dumps({**manifest, "format_version": 1}))
    assert read_bundle(path).objects["calibrator"] == [1]


def test_a_mapped_object_is_read_as_maps_of_its_file_and_checked_like_the_rest(tmp_path, booster):
    frame = pd.DataFrame({"level": np.arange(1000, dtype=np.float64), "id": ["x"] * 1000})
    snapshot = {"matrix": np.ones((100, 7), dtype=np.float32), "frame": frame}
    path = write_bundle(tmp_path, "v1", {"risk": booster}, {"snapshot": snapshot, "small": [1]},
                        {}, mapped=("snapshot",))  # fmt: skip
    files = json.loads((path / MANIFEST).read_text())["files"]
    assert files["snapshot.joblib"]["kind"] == "joblib-mapped"
    assert files["small.joblib"]["kind"] == "joblib"
    loaded = read_bundle(path).objects["snapshot"]
    assert isinstance(loaded["matrix"], np.memmap)  # resident only where read
    assert not loaded["matrix"].flags.writeable  # the bundle is never written through it
    np.testing.assert_array_equal(loaded["matrix"], snapshot["matrix"])
    pd.testing.assert_frame_equal(loaded["frame"], frame)
    with open(path / "snapshot.joblib", "r+b") as handle:
        handle.seek(-1, 2)
        handle.write(b"\0")
    with pytest.raises(BundleError, match=r"snapshot\.joblib"):
        read_bundle(path)
