"""The serving bundle: version, dates and its metrics with baselines; its training report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from model.bundles.files import sha256
from model.next_position import DEFAULT_WEIGHT as NEXT_POSITION_WEIGHT
from service.actions.actor import Actor
from service.actions.errors import MissingError
from service.current_engine import engine
from service.fairness_policy import agency_floor

REPORT = "report.html"


def model_summary(actor: Actor) -> dict[str, Any]:
    """The serving bundle's version, dates, metrics with baselines (fairness audit included)
    and features, from its manifest."""
    current = engine()
    manifest = current.bundle.manifest
    return {
        "answers": "live" if current.precomputed is None else "precomputed",
        "version": manifest["version"],
        "trained_at": manifest["created_at"],
        "data_snapshot_date": manifest["data"]["snapshot_date"],
        "metrics": manifest["metrics"],
        "feature_names": manifest["feature_names"],
        "parameters": manifest["parameters"],
        "fairness_default": fairness_default(),
        "next_position_weight_default": NEXT_POSITION_WEIGHT,
    }


def fairness_default() -> dict[str, Any] | None:
    """The agency's default fairness floor (`FAIRNESS_DEFAULT`), or None: off."""
    floor = agency_floor()
    return None if floor is None else {"attribute": floor.attribute, "min_ratio": floor.min_ratio}


def report_html(actor: Actor, artifacts_dir: str | Path) -> bytes:
    """The serving bundle's report.html (under `artifacts_dir`/version); MissingError (404)
    when the bundle has none or the file no longer matches its checksum."""
    current = engine()
    entry = current.bundle.manifest.get("files", {}).get(REPORT)
    path = Path(artifacts_dir) / current.version / REPORT
    # checked again here: the bundle was verified when loaded, the file may have changed since
    if entry is None or not path.is_file() or sha256(path) != entry["sha256"]:
        raise MissingError(f"bundle {current.version} has no intact {REPORT}",
                           {"report": [current.version]})  # fmt: skip
    return path.read_bytes()
