"""`make train`: load, build examples, fit, evaluate, write a bundle and promote it."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from features.loading import load_tables
from features.pairs import FEATURE_NAMES
from model.bundle import promote, write_bundle
from model.predictor import Predictor
from model.serving import (
    SNAPSHOT_OBJECT,
    bundle_manifest,
    current_predictor,
    serving_snapshot,
)
from model.training.evaluation import ranking_metrics, test_period_metrics
from model.training.examples import Examples, build_examples
from model.training.fit import fit_predictor
from model.training.split import DEFAULT_VALIDATION_MONTHS, temporal_split
from model.training.truth import truth_metrics

log = logging.getLogger(__name__)

# A new bundle is not promoted when its test NDCG@10 is this much below the serving one's,
# measured on the same test queries.
GATE_TOLERANCE = 0.02


@dataclass(frozen=True)
class TrainResult:
    version: str
    path: Path
    promoted: bool
    reason: str
    metrics: dict[str, Any]
    predictor: Predictor


@contextmanager
def stage(name: str) -> Iterator[None]:
    start = time.perf_counter()
    log.info("%s ...", name)
    yield
    log.info("%s done in %.1f s", name, time.perf_counter() - start)


def train(
    data_dir: str | Path,
    artifacts_dir: str | Path,
    snapshot: str | None = None,
    truth_dir: str | Path | None = None,
    force: bool = False,
    validation_months: int = DEFAULT_VALIDATION_MONTHS,
    seed: int = 0,
) -> TrainResult:
    """Train on `data_dir`, write a new bundle under `artifacts_dir`, promote it if it passes."""
    with stage("load and check the tables"):
        tables = load_tables(data_dir)
        as_of = pd.Timestamp(snapshot) if snapshot else pd.Timestamp(tables.snapshot_date())
    with stage("build point-in-time training examples"):
        split = temporal_split(build_examples(tables, as_of, seed=seed), as_of, validation_months)
    with stage("fit the ranker and the completion-risk model"):
        predictor = fit_predictor(split, random_state=seed)
    with stage("evaluate against baselines on the test period"):
        metrics = test_period_metrics(predictor, split)
    with stage("build the serving snapshot"):
        serving = serving_snapshot(tables, as_of)
        state = serving["state"]
    if truth_dir is not None and Path(truth_dir).is_dir():
        with stage("evaluate against the demo world's ground truth"):
            metrics["truth"] = truth_metrics(predictor, state, truth_dir, split.test, seed=seed)
    with stage("write the bundle"):
        version = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        manifest = bundle_manifest(tables, as_of, metrics, predictor, seed)
        path = write_bundle(
            artifacts_dir,
            version,
            boosters={"ranker": predictor.ranker, "risk": predictor.risk},
            objects={"calibrator": predictor.calibrator, SNAPSHOT_OBJECT: serving},
            manifest=manifest,
        )
    promoted, reason = promotion_gate(artifacts_dir, predictor, split.test, force)
    if promoted:
        promote(artifacts_dir, version)
    return TrainResult(version, path, promoted, reason, metrics, predictor)


def promotion_gate(
    artifacts_dir: str | Path, new: Predictor, test: Examples, force: bool = False
) -> tuple[bool, str]:
    """Promote unless the serving bundle ranks the same test queries clearly better."""
    old = current_predictor(artifacts_dir, FEATURE_NAMES)
    if old is None:
        return True, "no usable serving bundle: promoted"
    new_ndcg = ranking_metrics(new, test)["model"]["ndcg@10"]
    old_ndcg = ranking_metrics(old, test)["model"]["ndcg@10"]
    verdict = f"test NDCG@10 {new_ndcg:.4f} vs serving {old_ndcg:.4f}"
    if new_ndcg >= old_ndcg - GATE_TOLERANCE:
        return True, f"{verdict}: promoted"
    if force:
        return True, f"{verdict}: worse, promoted because of --force"
    return False, f"{verdict}: worse beyond {GATE_TOLERANCE}, kept but not promoted"
