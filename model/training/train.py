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

import numpy as np
import pandas as pd

from features.loading import load_tables
from model.bundle import promote, write_bundle
from model.engine import Engine
from model.predictor import Predictor
from model.serving_bundle import (
    SNAPSHOT_OBJECT,
    bundle_boosters,
    bundle_manifest,
    current_predictor,
    serving_bundle,
    serving_snapshot,
)
from model.training.evaluation import ranking_metrics, test_period_metrics
from model.training.examples import Examples, build_examples
from model.training.fairness import fairness_audit
from model.training.fit import fit_predictor
from model.training.metrics import roc_auc
from model.training.split import DEFAULT_VALIDATION_MONTHS, fitting_months, temporal_split
from model.training.truth import truth_metrics

log = logging.getLogger(__name__)

# A new bundle is not promoted when a gate figure is this much below the serving bundle's,
# both measured on the new run's test period.
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
    validation_months: int | None = None,
    seed: int = 0,
) -> TrainResult:
    """Train on `data_dir`, write a new bundle under `artifacts_dir`, promote it if it passes.

    `validation_months` fixes the validation and test periods; by default they are 6 months,
    shortened when the history is shorter than 18 months."""
    with stage("load and check the tables"):
        tables = load_tables(data_dir)
        as_of = pd.Timestamp(snapshot) if snapshot else pd.Timestamp(tables.snapshot_date())
    with stage("build point-in-time training examples"):
        examples = build_examples(tables, as_of, seed=seed)
        months = validation_months or fitting_months(examples, as_of)
        if months != (validation_months or DEFAULT_VALIDATION_MONTHS):
            log.warning("short history: validation and test periods of %d months each", months)
        split = temporal_split(examples, as_of, months)
    with stage("fit the ranker and the completion-risk model"):
        predictor = fit_predictor(split, random_state=seed)
    with stage("evaluate against baselines on the test period"):
        metrics = test_period_metrics(predictor, split)
    with stage("build the serving snapshot"):
        serving = serving_snapshot(tables, as_of)
        state = serving["state"]
    with stage("audit fairness by gender and age group"):
        engine = Engine(serving_bundle("candidate", {}, predictor, serving))
        metrics["fairness"] = fairness_audit(predictor, split.test, engine, tables.employees)
    if truth_dir is not None and Path(truth_dir).is_dir():
        with stage("evaluate against the demo world's ground truth"):
            metrics["truth"] = truth_metrics(predictor, state, truth_dir, split, seed=seed)
    with stage("write the bundle"):
        version = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        manifest = bundle_manifest(tables, as_of, metrics, predictor, seed)
        path = write_bundle(
            artifacts_dir,
            version,
            boosters=bundle_boosters(predictor),
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
    """Promote unless the serving bundle is clearly better on the same test period: how well
    its order predicts how the programs people took went, or its completion-risk AUC."""
    old = current_predictor(artifacts_dir)
    if old is None:
        return True, "no usable serving bundle: promoted"
    new_scores, old_scores = gate_scores(new, test), gate_scores(old, test)
    verdict = ", ".join(
        f"{name} {new_scores[name]:.4f} vs serving {old_scores[name]:.4f}" for name in new_scores
    )
    worse = [n for n in new_scores if new_scores[n] < old_scores[n] - GATE_TOLERANCE]
    if not worse:
        return True, f"{verdict}: promoted"
    if force:
        return True, f"{verdict}: worse, promoted because of --force"
    return False, f"{verdict}: {', '.join(worse)} worse beyond {GATE_TOLERANCE}, not promoted"


def gate_scores(predictor: Predictor, test: Examples) -> dict[str, float]:
    """The figures the promotion gate compares (higher is better)."""
    taken = ranking_metrics(predictor, test.taken_programs())["model"]["ndcg@10"]
    enrolled = test.subset(test.enrolled)
    auc = roc_auc(enrolled.not_completed, predictor.risk_probability(enrolled.features))
    return {"taken NDCG@10": float(np.nan_to_num(taken)), "risk AUC": float(np.nan_to_num(auc))}
