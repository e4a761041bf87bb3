"""`make train`: load, build examples, fit, evaluate, write a bundle and promote it."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from features.errors import DataError
from features.loading import load_tables
from features.positions import history_notes
from features.tables import Tables
from model.bundles.files import promote, write_bundle
from model.bundles.serving import (
    EVALUATIONS_PART,
    SNAPSHOT_OBJECT,
    bundle_boosters,
    bundle_manifest,
    serving_bundle,
    serving_snapshot,
)
from model.engine import Engine
from model.estimators.predictor import Predictor
from model.training.evaluation import test_period_metrics
from model.training.evaluation_truth import evaluation_truth_metrics
from model.training.examples import Examples, build_examples
from model.training.fairness import fairness_audit
from model.training.gate import promotion_gate
from model.training.refit import Fits, fit_all, refit_metrics
from model.training.report_html import training_report
from model.training.split import DEFAULT_PERIOD_SHARE, describe_periods, temporal_split
from model.training.store_rows import with_store_rows
from model.training.truth import truth_metrics

log = logging.getLogger(__name__)

# The demo world as `make data` writes it, relative to the project folder or the working one.
DEMO_DATA_DIR, DEMO_TRUTH_DIR = Path("data/demo"), Path("data/demo_truth")
PROJECT_DIR = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class TrainResult:
    version: str
    path: Path
    promoted: bool
    reason: str
    metrics: dict[str, Any]
    predictor: Predictor  # the model the bundle serves
    evaluation: Predictor | None = None  # the train-only fit behind the test figures
    fits: Fits | None = None  # every fit of the run (`refit.py`)


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
    period_share: float = DEFAULT_PERIOD_SHARE,
    store_rows: pd.DataFrame | None = None,
    examples_by: Callable[[Tables, pd.Timestamp, int], Examples] | None = None,
) -> TrainResult:
    """Train on `data_dir`, write a new bundle under `artifacts_dir`, promote it if it passes.

    The validation and test periods each hold `period_share` of the decisions (see
    `split.py`), or `validation_months` calendar months when that is given. The demo world's
    truth is read from `truth_dir` when given, else only when `data_dir` is the demo world
    (`demo_truth_dir`). Raises DataError for bad tables and TrainingDataError for a history
    that cannot be split. `store_rows`: the decision store's enrolments
    (`model.training.store_rows`), newer than the export's: the store's row wins per pair.
    `examples_by` builds the examples instead of `build_examples` over the whole tables (by
    partition, on a Dask cluster: `pipeline.examples.examples_builder`)."""
    with stage("load and check the tables"):
        tables, sources = with_store_rows(load_tables(data_dir), store_rows)
        as_of = pd.Timestamp(snapshot) if snapshot else _snapshot_date(tables)
        truth = demo_truth_dir(data_dir, tables) if truth_dir is None else _given_truth(truth_dir)
    with stage("build point-in-time training examples"):
        if examples_by is None:
            examples = build_examples(tables, as_of, seed=seed)
        else:
            examples = examples_by(tables, as_of, seed)
        split = temporal_split(examples, as_of, validation_months, period_share)
        log.info(
            "periods by %s, cuts %s and %s:\n%s", split.method, split.cut_1.date(),
            split.cut_2.date(), describe_periods(split.counts, split.unassigned),
        )  # fmt: skip
    with stage("fit the models: train only, then refit one period back and on every outcome"):
        fits = fit_all(split, examples, as_of, random_state=seed)
        evaluated, predictor = fits.evaluation, fits.served
        log.info("serving: %s", fits.why)
    with stage("evaluate against baselines on the test period"):
        # the test figures are the train-only fit's: the served refit learned from test
        metrics = {"data": history_notes(tables), **test_period_metrics(evaluated, split)}
        metrics["data"]["enrollment_sources"] = sources
        metrics["refit"] = refit_metrics(fits, split, as_of)
    if not tables.has_position_history:
        log.warning(metrics["data"]["note"])
    with stage("build the serving snapshot"):
        serving = serving_snapshot(tables, as_of)
        state = serving["state"]
    with stage("audit fairness by gender and age group"):
        engine = Engine(serving_bundle("candidate", {}, predictor, serving))
        metrics["fairness"] = fairness_audit(evaluated, split.test, engine, tables.employees)
    if truth is not None:
        with stage("evaluate against the demo world's ground truth"):
            metrics["truth"] = truth_metrics(evaluated, state, truth, split, seed=seed)
        with stage("check program evaluation against the demo's true course effects"):
            evaluations = serving[EVALUATIONS_PART]
            metrics["program_evaluation_truth"] = evaluation_truth_metrics(evaluations, truth)
    version = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    manifest = bundle_manifest(tables, as_of, metrics, predictor, seed)
    with stage("report: plots against the baselines and the serving bundle"):
        report = training_report(version, manifest, metrics, fits, split, artifacts_dir)
    with stage("write the bundle"):
        path = write_bundle(
            artifacts_dir,
            version,
            boosters=bundle_boosters(predictor),
            objects={"calibrator": predictor.calibrator, SNAPSHOT_OBJECT: serving},
            manifest=manifest,
            plain=report,
            mapped=(SNAPSHOT_OBJECT,),
        )
    promoted, reason = promotion_gate(
        artifacts_dir, predictor, split.test, force, stand_in=fits.stand_in
    )
    if promoted:
        promote(artifacts_dir, version)
    return TrainResult(version, path, promoted, reason, metrics, predictor, evaluated, fits)


def _snapshot_date(tables: Tables) -> pd.Timestamp:
    return pd.Timestamp(tables.snapshot_date())


def _given_truth(truth_dir: str | Path) -> Path | None:
    if Path(truth_dir).is_dir():
        return Path(truth_dir)
    log.warning("no truth folder %s: evaluating against observed outcomes only", truth_dir)
    return None


def demo_truth_dir(data_dir: str | Path, tables: Tables) -> Path | None:
    """The demo world's truth folder when `data_dir` is the demo world, else None.

    The demo world is `data/demo` (in the project folder or the working one) with the truth
    `make data` writes next to it, and its `world.json` must describe these tables (employees
    and snapshot date): a real export copied anywhere, or into `data/demo` over an old demo
    world, gets no "demo truth" section."""
    data_dir = Path(data_dir).resolve()
    for root in (PROJECT_DIR, Path.cwd()):
        if data_dir != (root / DEMO_DATA_DIR).resolve():
            continue
        truth = root / DEMO_TRUTH_DIR
        try:
            world = json.loads((truth / "world.json").read_text())
        except (OSError, ValueError):
            return None
        try:
            dated = str(_snapshot_date(tables).date())
        except DataError:
            return None
        same = (world.get("n_employees"), world.get("snapshot_date")) == (
            len(tables.employees),
            dated,
        )
        return truth if same else None
    return None
