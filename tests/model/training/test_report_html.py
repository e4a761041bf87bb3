"""The training report: written into every bundle, checksummed, its plots real PNGs, its text
escaped, its drift measured against the bundle serving when it was trained."""

from __future__ import annotations

import base64
import json
import re
import shutil
import struct

import numpy as np
import pandas as pd
import pytest

from features.loading import load_tables
from model.bundles.files import promote, verify_bundle
from model.training.examples import build_examples
from model.training.report_drift import (
    REPORT_DATA,
    feature_profile,
    metric_changes,
    population_stability,
    psi_index,
)
from model.training.report_html import REPORT, render_report, training_report
from model.training.split import temporal_split

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
IMAGE = re.compile(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)" alt="([^"]*)"')


def _images(page: str) -> dict[str, bytes]:
    return {alt: base64.b64decode(data) for data, alt in IMAGE.findall(page)}


def _size(png: bytes) -> tuple[int, int]:
    """Width and height from the PNG's IHDR chunk."""
    return struct.unpack(">II", png[16:24])


def test_every_bundle_carries_a_checksummed_report_with_its_plots(trained):
    manifest = verify_bundle(trained.path)
    for name in (REPORT, REPORT_DATA):
        assert manifest["files"][name]["kind"] == "file"
    page = (trained.path / REPORT).read_text()
    images = _images(page)
    assert {"Calibration", "Ranking: NDCG@k", "Score distributions", "Feature importance",
            "Fairness by group"} <= set(images)  # fmt: skip
    for alt, png in images.items():
        assert png.startswith(PNG_SIGNATURE), alt
        width, height = _size(png)
        assert len(png) > 15_000 and width >= 600 and height >= 350, (alt, len(png))
    assert page.count('class="good">Good:') == len(images)  # each plot says what good is
    # offline (every source is an embedded image; base64 may spell "http" by chance), no script
    assert re.findall(r'(?:src|href)\s*=\s*"(?!data:image/png;base64,|#)', page) == []
    assert "<script" not in page
    assert "nothing: no bundle was serving" in page


def test_report_data_holds_what_the_plots_and_the_next_drift_need(trained):
    data = json.loads((trained.path / REPORT_DATA).read_text())
    # the test period's candidates, and the served refit on its out-of-fold scores (issue 20)
    assert set(data["calibration"]) == {"model", "logistic", "base_rate", "served_out_of_fold"}
    bins = data["calibration"]["model"]
    assert sum(bins["count"]) == trained.metrics["risk"]["model"]["n"]
    served = data["calibration"]["served_out_of_fold"]
    assert sum(served["count"]) == trained.metrics["refit"]["out_of_fold"]["risk"]["n"]
    curves = data["ndcg_at_k"]["taken"]
    assert set(curves) == set(trained.metrics["ranking_taken"])
    for name, values in curves.items():  # the same arrays as the metrics
        assert values[9] == pytest.approx(trained.metrics["ranking_taken"][name]["ndcg@10"])
    assert set(data["importance"]) == {"ranker", "risk", "gain"}
    for shares in data["importance"].values():
        assert sum(shares.values()) == pytest.approx(1.0)
    assert set(data["profile"]) == set(trained.predictor.ranker.feature_name())


def test_the_page_escapes_every_text(trained):
    manifest = json.loads((trained.path / "manifest.json").read_text())
    data = json.loads((trained.path / REPORT_DATA).read_text())
    hostile = "<script>alert(1)</script>"
    manifest["data"]["snapshot_date"] = hostile
    page = render_report(hostile, manifest, data, f"table {hostile} & more")
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&amp; more" in page


@pytest.fixture(scope="module")
def split(tiny_world_dirs):
    tables = load_tables(tiny_world_dirs[0])
    as_of = pd.Timestamp(tables.snapshot_date())
    return temporal_split(build_examples(tables, as_of), as_of)


def test_a_report_compares_with_the_serving_bundle(trained, split, tmp_path):
    shutil.copytree(trained.path, tmp_path / trained.version)
    promote(tmp_path, trained.version)
    manifest = json.loads((trained.path / "manifest.json").read_text())
    files = training_report("next", manifest, trained.metrics, trained.fits, split, tmp_path)
    page = files[REPORT].decode()
    images = _images(page)
    assert {"Feature drift", "Metric changes"} <= set(images)
    assert all(png.startswith(PNG_SIGNATURE) for png in images.values())
    drift = json.loads(files[REPORT_DATA])["drift"]
    assert drift["previous"] == trained.version
    # the same data as the serving bundle's: nothing moved
    assert max(drift["psi"].values()) < 1e-9
    assert all(abs(row["change"]) < 1e-9 for row in drift["metrics"])


def test_psi_is_zero_for_the_same_data_and_large_for_a_shift():
    rng = np.random.default_rng(0)
    old = pd.DataFrame({"x": rng.normal(size=5000), "tier": rng.integers(0, 3, 5000) * 1.0})
    profile = feature_profile(old)
    assert len(profile["x"]["edges"]) == 9 and profile["tier"]["values"] == [0.0, 1.0, 2.0]
    assert population_stability(profile, old) == {"x": 0.0, "tier": 0.0}
    shifted = old.assign(x=old["x"] + 1.0, tier=np.where(old["tier"] == 0, 3.0, old["tier"]))
    psi = population_stability(profile, shifted)
    assert psi["x"] > 0.25 and psi["tier"] > 0.25  # a value never seen before counts too
    missing = old.assign(x=np.where(old.index % 2 == 0, np.nan, old["x"]))
    assert population_stability(profile, missing)["x"] > 0.25
    assert psi_index([50, 50], [50, 50]) == 0.0
    assert psi_index([90, 10], [10, 90]) == pytest.approx(2 * 0.8 * np.log(9))


def test_metric_changes_know_which_way_is_better():
    old = {"risk": {"model": {"auc": 0.60, "ece": 0.02}}}
    new = {"risk": {"model": {"auc": 0.62, "ece": 0.03}}, "ranking": {"model": {"ndcg@5": 1}}}
    rows = {row["metric"]: row for row in metric_changes(old, new)}
    assert set(rows) == {"auc (risk)", "ece (risk)"}  # only what both bundles have
    assert rows["auc (risk)"]["better"] and rows["auc (risk)"]["change"] == pytest.approx(0.02)
    assert not rows["ece (risk)"]["better"]
