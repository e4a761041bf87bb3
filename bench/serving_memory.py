"""The memory of one serving worker as the employees grow (issue 25).

One bundle's models over the serving snapshot of each world given (computed by this code, so
every snapshot is as `make train` writes it now), each served by one gunicorn worker with one
thread and asked `REQUESTS` recommendations of random employees. Per world it records the
worker's anonymous memory (its own: what it holds whatever the machine's other workers do) and
its file-backed pages (the mapped snapshot and the libraries: shared between workers, and
given back by the kernel when memory is short), with the recommendation latencies. The
largest world is served twice: the snapshot mapped (bundle format 3) and the same snapshot
loaded into memory (as every bundle was before format 3), the baseline of the same run. Two
or more worlds give the anonymous memory's slope per employee and its projection to
`PROJECTED` employees.

    python -m bench.serving_memory --bundle artifacts/<version> --worlds data/ /big/world/
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from bench import server as bench_server
from features.loading import load_tables
from model.bundles.files import promote, write_bundle
from model.bundles.serving import (
    SNAPSHOT_OBJECT,
    ServingBundle,
    bundle_boosters,
    load_serving_bundle,
    serving_snapshot,
)

REQUESTS = 300
WARM_UP = 20  # requests before the timed ones: the worker's first answers build its caches
PROJECTED = 1_000_000
TARGET_MIB = 1.5 * 1024  # issue 25: a worker serving 1,000,000 employees holds at most 1.5 GiB
READY_SECONDS = 900.0  # loading a large snapshot into memory takes minutes


def write_variant(
    base: ServingBundle, snapshot: dict[str, Any], artifacts: Path, mapped: bool
) -> Path:
    """A bundle in `artifacts` (promoted) with `base`'s models over `snapshot`, mapped or
    loaded into memory."""
    objects = {"calibrator": base.predictor.calibrator, SNAPSHOT_OBJECT: snapshot}
    version = f"{base.version}-{'mapped' if mapped else 'in-memory'}"
    boosters = bundle_boosters(base.predictor)
    kept = (SNAPSHOT_OBJECT,) if mapped else ()
    path = write_bundle(artifacts, version, boosters, objects, base.manifest, mapped=kept)
    promote(artifacts, path.name)
    return path


def one_world(
    base: ServingBundle, snapshot: dict[str, Any], mapped: bool, seed: int
) -> dict[str, Any]:
    """The worker's memory and latencies serving `snapshot` with `base`'s models."""
    ids = snapshot["state"].employee_ids.to_numpy().astype(str)
    with tempfile.TemporaryDirectory(prefix="serving-memory-") as tmp:
        artifacts = Path(tmp) / "artifacts"
        write_variant(base, snapshot, artifacts, mapped)
        log = artifacts.parent / "gunicorn.log"
        served = bench_server.one_worker_recommendations(
            artifacts, log, ids, seed, REQUESTS, WARM_UP, READY_SECONDS
        )
    return {"employees": len(ids), "mapped": mapped, **served}


def snapshot_of(data_dir: Path) -> dict[str, Any]:
    """The serving snapshot of a world, as `make train` writes it at its snapshot date."""
    tables = load_tables(data_dir)
    return serving_snapshot(tables, pd.Timestamp(tables.snapshot_date()))


def slope(points: list[dict[str, Any]]) -> dict[str, float] | None:
    """Anonymous MiB = fixed + per_employee x employees through the mapped worlds (least
    squares; None with fewer than two sizes), and its value at `PROJECTED` employees."""
    mapped = [p for p in points if p["mapped"]]
    if len({p["employees"] for p in mapped}) < 2:
        return None
    x = np.array([p["employees"] for p in mapped], dtype=float)
    y = np.array([p["anonymous_mib"] for p in mapped])
    per_employee, fixed = np.polyfit(x, y, 1)
    projected = fixed + per_employee * PROJECTED
    return {
        "fixed_mib": float(fixed),
        "kib_per_employee": float(per_employee * 1024),
        "projected_employees": PROJECTED,
        "projected_anonymous_mib": float(projected),
        "target_mib": TARGET_MIB,
        "met": bool(projected <= TARGET_MIB),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", type=Path, required=True, help="a bundle folder")
    parser.add_argument(
        "--worlds", type=Path, nargs="+", required=True, help="data folders, smallest first"
    )
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    base = load_serving_bundle(args.bundle)
    points, baseline = [], None
    worlds = args.worlds  # smallest first: the last is served in memory too
    for world in worlds:
        snapshot = snapshot_of(world)
        points.append({"world": str(world), **one_world(base, snapshot, True, args.seed)})
        if world == worlds[-1]:  # the largest, loaded into memory as before format 3
            baseline = {"world": str(world), **one_world(base, snapshot, False, args.seed)}
        del snapshot
    assert baseline is not None
    largest = points[-1]
    result = {
        "points": [*points, baseline],
        "largest": {
            "employees": largest["employees"],
            "anonymous_mib": largest["anonymous_mib"],
            "baseline_anonymous_mib": baseline["anonymous_mib"],
            "ratio": largest["anonymous_mib"] / baseline["anonymous_mib"],
            "p50_ms": largest["p50_ms"],
            "baseline_p50_ms": baseline["p50_ms"],
        },
        "projection": slope(points),
    }
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
