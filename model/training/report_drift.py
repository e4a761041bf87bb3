"""Drift against the previous (serving) bundle: feature distributions and headline metrics.

Every bundle keeps a compact profile of its test-period features in `report_data.json`: per
feature, the counts in ten quantile bins (or per value, for a feature with few values) and the
count of missing values. The next training bins its own test-period features on the previous
bundle's edges and compares the shares by the population stability index,

    PSI = sum over bins of (new share - old share) * ln(new share / old share),

with missing values as a bin of their own and every share floored at 1e-4 so an empty bin stays
finite. By the usual rule of thumb a PSI under 0.1 is stable, 0.1 to 0.25 a moderate shift and
over 0.25 a major one.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from model.bundles.files import BundleError, current_version, verify_bundle

log = logging.getLogger(__name__)
REPORT_DATA = "report_data.json"

PROFILE_BINS = 10
MAX_DISCRETE_VALUES = 12  # a feature with at most this many values is profiled per value
SHARE_FLOOR = 1e-4
PSI_MODERATE, PSI_MAJOR = 0.1, 0.25
# (section, candidate, metric, higher is better): the figures compared with the previous bundle
HEADLINE_METRICS = (
    ("ranking_taken", "model", "ndcg@10", True),
    ("ranking", "model", "ndcg@10", True),
    ("ranking", "model", "ndcg@5", True),
    ("ranking", "model", "recall@10", True),
    ("risk", "model", "auc", True),
    ("risk", "model", "brier", False),
    ("risk", "model", "log_loss", False),
    ("risk", "model", "ece", False),
)


def feature_profile(features: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """Per column: quantile-bin edges and counts, or values and counts; and missing values."""
    return {name: _profile(features[name].to_numpy(dtype=float)) for name in features.columns}


def _profile(values: np.ndarray) -> dict[str, Any]:
    present = values[~np.isnan(values)]
    missing = int(values.size - present.size)
    distinct = np.unique(present)
    if distinct.size <= MAX_DISCRETE_VALUES:
        counts = _value_counts(present, distinct)
        return {"values": distinct.tolist(), "counts": counts, "missing": missing}
    inner = np.linspace(0.0, 1.0, PROFILE_BINS + 1)[1:-1]
    edges = np.unique(np.quantile(present, inner))
    return {"edges": edges.tolist(), "counts": _bin_counts(present, edges), "missing": missing}


def _bin_counts(present: np.ndarray, edges: np.ndarray) -> list[int]:
    """Counts in (-inf, e1], (e1, e2], ..., (ek, inf)."""
    bins = np.searchsorted(edges, present, side="left")
    return np.bincount(bins, minlength=len(edges) + 1).tolist()


def _value_counts(present: np.ndarray, values: np.ndarray) -> list[int]:
    return [int(n) for n in (present[:, None] == values[None, :]).sum(axis=0)]


def population_stability(
    previous: dict[str, dict[str, Any]], features: pd.DataFrame
) -> dict[str, float]:
    """PSI of each feature both the previous profile and `features` have, on the previous
    bundle's bins (highest first)."""
    psi = {}
    for name, old in previous.items():
        if name not in features.columns:
            continue
        values = features[name].to_numpy(dtype=float)
        present = values[~np.isnan(values)]
        missing = values.size - present.size
        if "edges" in old:
            new_counts = _bin_counts(present, np.asarray(old["edges"], dtype=float))
            old_counts = list(old["counts"])
        else:
            known = np.asarray(old["values"], dtype=float)
            new_counts = [*_value_counts(present, known), int((~np.isin(present, known)).sum())]
            old_counts = [*old["counts"], 0]  # values the previous bundle never saw
        psi[name] = psi_index([*old_counts, old["missing"]], [*new_counts, missing])
    return dict(sorted(psi.items(), key=lambda item: -item[1]))


def psi_index(expected: list[int] | np.ndarray, actual: list[int] | np.ndarray) -> float:
    """Population stability index of two count vectors over the same bins (0: the same)."""
    old = np.asarray(expected, dtype=float)
    new = np.asarray(actual, dtype=float)
    if old.sum() == 0 or new.sum() == 0:
        return float("nan")
    old = np.maximum(old / old.sum(), SHARE_FLOOR)
    new = np.maximum(new / new.sum(), SHARE_FLOOR)
    return float(np.sum((new - old) * np.log(new / old)))


def metric_changes(previous: dict[str, Any], current: dict[str, Any]) -> list[dict[str, Any]]:
    """Each headline metric now, in the previous bundle, the change, and whether the change is
    for the better; metrics either bundle lacks are left out."""
    rows = []
    for section, candidate, metric, higher_better in HEADLINE_METRICS:
        old = _lookup(previous, section, candidate, metric)
        new = _lookup(current, section, candidate, metric)
        if old is None or new is None:
            continue
        change = new - old
        rows.append(
            {
                "metric": f"{metric} ({section.replace('_', ' ')})",
                "previous": old,
                "current": new,
                "change": change,
                "better": change >= 0 if higher_better else change <= 0,
                "higher_is_better": higher_better,
            }
        )
    return rows


def _lookup(metrics: dict[str, Any], section: str, candidate: str, metric: str) -> float | None:
    value = metrics.get(section, {}).get(candidate, {}).get(metric)
    if value is None or not np.isfinite(value):
        return None
    return float(value)


def previous_report(artifacts_dir: str | Path) -> dict[str, Any] | None:
    """The serving bundle's version, metrics and feature profile (None for the profile when it
    predates report data); None when nothing is served or it fails verification."""
    version = current_version(artifacts_dir)
    if version is None:
        return None
    path = Path(artifacts_dir) / version
    try:
        manifest = verify_bundle(path)
        kept = REPORT_DATA in manifest.get("files", {})
        data = json.loads((path / REPORT_DATA).read_text()) if kept else {}
    except (BundleError, OSError, ValueError) as exc:
        log.warning("no drift comparison: serving bundle %s is not usable (%s)", version, exc)
        return None
    return {
        "version": version,
        "metrics": manifest.get("metrics", {}),
        "profile": data.get("profile"),
    }


def drift(previous: dict[str, Any] | None, test_features: pd.DataFrame, metrics: dict) -> dict:
    """PSI per feature and the change of each headline metric against `previous_report`."""
    if previous is None:
        return {"previous": None}
    profile = previous["profile"]
    return {
        "previous": previous["version"],
        "psi": None if profile is None else population_stability(profile, test_features),
        "metrics": metric_changes(previous["metrics"], metrics),
    }
