"""The training job: `make train` on an import (or `DATA_DIR`) plus the decision store.

Its result names the new bundle, the promotion gate's verdict, and its headline metrics
beside the serving bundle's. A training cancelled while it fits stops after the fit (the
bundle it wrote stays; the gate has already judged it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from model.bundles.management import list_bundles
from model.training.errors import TrainingDataError
from model.training.store_rows import read_store_rows
from model.training.train import train
from service.jobs.runner import JobRefusedError, Progress


def run_training(app: Flask, job: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Train, write and (if the gate agrees) promote a bundle; the verdict as its result."""
    artifacts = app.config["ARTIFACTS_DIR"]
    progress("loading", 0.05)
    before = _headline(artifacts, None)
    store_rows = read_store_rows(app.config["DATABASE_URL"])
    progress("training", 0.1)
    try:
        result = train(job["params"]["data_dir"], artifacts, store_rows=store_rows)
    except TrainingDataError as error:
        raise JobRefusedError("training_data_error", str(error)) from None
    progress("writing", 0.95)
    app.extensions["tna_holder"].reload()  # this worker serves plans with the new bundle too
    return {
        "import_id": job["params"].get("import_id"),
        "bundle": result.version,
        "promoted": result.promoted,
        "gate": result.reason,
        "metrics": _headline(artifacts, result.version),
        "serving_before": before,
    }


def _headline(artifacts: str | Path, version: str | None) -> dict[str, Any] | None:
    """NDCG@10 taken, risk AUC and ECE of `version` (None: the one serving)."""
    for info in list_bundles(artifacts):
        if (version is None and info.serving) or info.version == version:
            return {"version": info.version, "ndcg_taken": info.ndcg_taken,
                    "risk_auc": info.risk_auc, "risk_ece": info.risk_ece}  # fmt: skip
    return None
