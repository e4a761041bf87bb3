"""Benchmark 4b: model quality on a world of the second family (`thresholds`), beside the
demo family's, so a model change that helps one family and hurts the other shows in one run.

The second family decides worth and completion with functions the engine does not share
(`features/demo/family_thresholds.py`); its quality records carry the family in their name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench import quality
from features.demo import generate_world, write_world
from model.training.train import train

FAMILY = "thresholds"


def run(employees: int, seed: int, root: str, family: str = FAMILY, max_runs: int = 1) -> dict:
    """Child side: generate a world of `family`, write it, train once; the metrics."""
    folder = Path(root)
    world = generate_world(employees, seed, family=family)
    write_world(world, folder / "data", folder / "truth", fmt="csv")
    del world
    result = train(folder / "data", folder / "artifacts", truth_dir=folder / "truth")
    return {"metrics": result.metrics, "family": family, "promoted": result.promoted}


def records(result: dict[str, Any], employees: int) -> list[dict[str, Any]]:
    """Parent side: the quality records of that world, named after its family."""
    out = quality.records(result["metrics"], employees)
    for record in out:
        record["name"] = f"{record['name']} ({result['family']} family)"
        record["parameters"]["family"] = result["family"]
    return out
