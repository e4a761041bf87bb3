"""`python -m model.bundles`: list, promote, rollback, prune, report."""

from __future__ import annotations

from pathlib import Path

import pytest

from features.pairs import FEATURE_NAMES
from model.bundles.files import HISTORY, BundleError, current_version, promote, write_bundle
from model.bundles.management import (
    list_bundles,
    main,
    previous_version,
    promote_version,
    prune,
    rollback,
    served_stack,
    serving_report,
)


def _bundle(root: Path, version: str, auc: float = 0.6, features=FEATURE_NAMES) -> str:
    """A small bundle with a manifest like training writes (no models: nothing is loaded)."""
    manifest = {
        "created_at": f"2026-11-{version[-2:]}T10:00:00+00:00",
        "feature_names": list(features),
        "data": {"snapshot_date": "2026-06-30"},
        "metrics": {
            "ranking_taken": {"model": {"ndcg@10": 0.9}},
            "risk": {"model": {"auc": auc, "ece": 0.01}},
        },
    }
    write_bundle(root, version, {}, {"calibrator": [1, 2]}, manifest,
                 plain={"report.html": b"<html>report</html>"})  # fmt: skip
    return version


@pytest.fixture
def root(tmp_path) -> Path:
    for day in range(1, 6):
        _bundle(tmp_path, f"v{day:02d}", auc=0.6 + day / 100)
    return tmp_path


def test_list_shows_metrics_and_marks_serving_and_previous(root, capsys):
    promote(root, "v02")
    promote(root, "v04")
    bundles = {b.version: b for b in list_bundles(root)}
    assert list(bundles) == ["v01", "v02", "v03", "v04", "v05"]
    assert bundles["v04"].serving and bundles["v02"].previous
    assert bundles["v03"].risk_auc == pytest.approx(0.63) and bundles["v03"].ndcg_taken == 0.9
    assert bundles["v01"].trained_at.startswith("2026-11-01") and bundles["v01"].risk_ece == 0.01
    assert main(["--artifacts-dir", str(root), "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:2] == ["version", "trained"]
    assert next(x for x in lines if "v04" in x).startswith("* ")
    assert next(x for x in lines if "v02" in x).startswith("< ")
    assert "0.6300" in next(x for x in lines if "v03" in x)


def test_promote_verifies_checksums_first(root, capsys):
    promote(root, "v01")
    with open(root / "v03" / "calibrator.joblib", "ab") as handle:
        handle.write(b"x")
    assert main(["--artifacts-dir", str(root), "promote", "v03"]) == 2
    assert "does not match its checksum" in capsys.readouterr().err
    assert current_version(root) == "v01"
    with pytest.raises(BundleError, match="no bundle"):
        promote_version(root, "v99")
    with pytest.raises(BundleError, match="not a bundle version"):
        promote_version(root, "../v01")
    _bundle(root, "v06", features=[*FEATURE_NAMES[1:], "old"])
    with pytest.raises(BundleError, match="other features"):
        promote_version(root, "v06")
    assert main(["--artifacts-dir", str(root), "promote", "v05"]) == 0
    assert current_version(root) == "v05"


def test_rollback_returns_to_each_bundle_served_before(root, capsys):
    for version in ("v01", "v02", "v03"):
        promote_version(root, version)
    assert rollback(root) == "v02" and current_version(root) == "v02"
    assert main(["--artifacts-dir", str(root), "rollback"]) == 0
    assert "serving v01" in capsys.readouterr().out
    assert current_version(root) == "v01"
    with pytest.raises(BundleError, match="no previously served"):
        rollback(root)
    promote_version(root, "v05")  # a new promotion after rolling back: back to v01 again
    assert previous_version(root) == "v01"
    lines = (root / HISTORY).read_text().splitlines()
    assert [line.split()[1:] for line in lines[-3:]] == [
        ["rollback", "v02"], ["rollback", "v01"], ["promote", "v05"],
    ]  # fmt: skip


def test_rollback_follows_a_current_set_by_hand_and_refuses_an_altered_bundle(root):
    promote(root, "v01")
    (root / "CURRENT").write_text("v04\n")  # by hand, not in HISTORY
    assert served_stack(root) == ["v01", "v04"]
    with open(root / "v01" / "report.html", "ab") as handle:
        handle.write(b"x")
    with pytest.raises(BundleError, match="checksum"):
        rollback(root)
    assert current_version(root) == "v04"


def test_prune_keeps_the_newest_and_never_serving_or_previous(root, capsys):
    promote(root, "v01")
    promote(root, "v02")
    assert prune(root, keep=1) == ["v03", "v04"]
    assert sorted(p.name for p in root.iterdir() if p.name.startswith("v")) == [
        "v01", "v02", "v05",
    ]  # fmt: skip
    assert main(["--artifacts-dir", str(root), "prune", "--keep", "0"]) == 0
    assert "deleted 1 bundle(s)\n  v05" in capsys.readouterr().out
    assert [b.version for b in list_bundles(root)] == ["v01", "v02"]
    assert rollback(root) == "v01"  # the previous bundle survived every prune
    assert prune(root, keep=0) == []  # v02, rolled back from, is kept too
    assert not [p for p in root.iterdir() if p.name.startswith(".deleting")]
    with pytest.raises(ValueError):
        prune(root, keep=-1)


def test_report_prints_the_serving_bundles_report(root, capsys):
    with pytest.raises(BundleError, match="no bundle is serving"):
        serving_report(root)
    promote(root, "v02")
    assert main(["--artifacts-dir", str(root), "report"]) == 0
    assert capsys.readouterr().out.strip() == str((root / "v02" / "report.html").resolve())
    (root / "v02" / "report.html").unlink()
    assert main(["--artifacts-dir", str(root), "report"]) == 2


def test_check_says_whether_this_code_can_serve_the_serving_bundle(tmp_path, capsys):
    """`make run` trains again when it cannot (none serving, or trained on other features)."""
    assert main(["--artifacts-dir", str(tmp_path), "check"]) == 2
    promote(tmp_path, _bundle(tmp_path, "v01"))
    assert main(["--artifacts-dir", str(tmp_path), "check"]) == 0
    promote(tmp_path, _bundle(tmp_path, "v02", features=FEATURE_NAMES[:-1]))
    assert main(["--artifacts-dir", str(tmp_path), "check"]) == 2
    assert "other features" in capsys.readouterr().err
