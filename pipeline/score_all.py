"""`make score-all`: every employee's ranked programs and every upcoming program's ranked
candidates for a bundle, computed by chunks of employees (on Dask when a cluster is used) and
written into the bundle as Parquet datasets (`model.precomputed`), checksummed in its manifest.
"""

from __future__ import annotations

import functools
import logging
import secrets
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from features import columns as col
from model.bundles.files import BundleError, current_version, replace_folder
from model.bundles.serving import load_serving_bundle
from model.engine import Engine
from model.precomputed import (
    CANDIDATES,
    CODES,
    DATASET,
    PER_EMPLOYEE,
    PER_PROGRAM,
    PRECOMPUTED,
    RECOMMENDATIONS,
    best_candidates,
    precomputed_codes,
    ranked_pairs,
    write_codes,
)
from pipeline.cluster import dask_client, partition_map

log = logging.getLogger(__name__)

TASK_EMPLOYEES = 5_000  # employees per task: a task's pairs are these x the upcoming programs
RECOMMENDATION_COLUMNS = [col.EMPLOYEE_ID, col.PROGRAM_ID, "rank", "eligible", "score",
                          "completion_probability", "expected_gain"]  # fmt: skip
CANDIDATE_COLUMNS = [col.PROGRAM_ID, col.EMPLOYEE_ID, "rank", "eligible", "score",
                     "completion_probability", "expected_gain"]  # fmt: skip


@functools.lru_cache(maxsize=2)
def bundle_engine(bundle_path: str) -> Engine:
    """The engine of a bundle, loaded (and verified) once per process: a worker answers
    every task of a run from one copy."""
    return Engine(load_serving_bundle(bundle_path))


def score_chunk(codes: np.ndarray, bundle_path: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One task: the rankings of the employee codes `codes` (`model.precomputed`)."""
    return ranked_pairs(bundle_engine(bundle_path), codes)


def scored_rankings(
    bundle_path: str | Path, mode: str | None = None, task_employees: int = TASK_EMPLOYEES
) -> tuple[list[pd.DataFrame], pd.DataFrame]:
    """(recommendations by chunk, candidates) of every employee of the bundle."""
    n = len(bundle_engine(str(bundle_path)).state.employee_ids)
    chunks = [np.arange(s, min(s + task_employees, n)) for s in range(0, n, task_employees)]
    with dask_client(n, mode) as client:
        parts = partition_map(client, score_chunk, chunks, bundle_path=str(bundle_path))
    return rankings_of(parts)


def rankings_of(
    parts: list[tuple[pd.DataFrame, pd.DataFrame]],
) -> tuple[list[pd.DataFrame], pd.DataFrame]:
    """(recommendations by chunk, candidates) from the results of `score_chunk` tasks."""
    recommendations = [r[RECOMMENDATION_COLUMNS].reset_index(drop=True) for r, _ in parts]
    candidates = best_candidates([c for _, c in parts])[CANDIDATE_COLUMNS]
    return recommendations, candidates.reset_index(drop=True)


def score_all(
    artifacts_dir: str | Path,
    version: str | None = None,
    mode: str | None = None,
    task_employees: int = TASK_EMPLOYEES,
) -> dict[str, Any]:
    """Compute and write the precomputed answers of bundle `version` (default: the serving
    one); returns what the manifest records of them."""
    version = version or current_version(artifacts_dir)
    if version is None:
        raise BundleError(f"no serving bundle in {artifacts_dir}: run make train first")
    path = Path(artifacts_dir) / version
    started = time.perf_counter()
    recommendations, candidates = scored_rankings(path, mode, task_employees)
    return write_rankings(path, recommendations, candidates, time.perf_counter() - started)


def write_rankings(
    path: Path, recommendations: list[pd.DataFrame], candidates: pd.DataFrame, seconds: float
) -> dict[str, Any]:
    """Write the rankings of `scored_rankings` into the bundle at `path` (replacing any) and
    return what its manifest records of them."""
    staged = path.parent / f".{path.name}.{PRECOMPUTED}-{secrets.token_hex(4)}"
    for i, frame in enumerate(recommendations):
        folder = staged / Path(RECOMMENDATIONS).name
        folder.mkdir(parents=True, exist_ok=True)
        _write(frame, folder / f"part-{i:05d}.parquet")
    state = bundle_engine(str(path)).state  # the codes are this bundle's
    write_codes(staged / Path(CODES).name, precomputed_codes(recommendations, state))
    (staged / Path(CANDIDATES).name).mkdir(parents=True)
    _write(candidates, staged / Path(CANDIDATES).name / "part-00000.parquet")
    about = {
        RECOMMENDATIONS: {"rows": sum(map(len, recommendations)), "per_employee": PER_EMPLOYEE},
        CANDIDATES: {"rows": len(candidates), "per_program": PER_PROGRAM},
        "computed_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(seconds, 1),
    }
    replace_folder(path, PRECOMPUTED, staged, DATASET, PRECOMPUTED, about)
    bundle_engine.cache_clear()  # the bundle's manifest changed
    return about


def _write(frame: pd.DataFrame, path: Path) -> None:
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path)
