"""Benchmark 5a: the Engine in-process: recommendation latency and batch scoring.

Each figure has as baseline the bare prediction of the same rows, timed in the same run:
`pair_features_by_code` + `predictor.predict` on one thread, which is the least any request
must do; the ratio is what the engine adds (filters, ordering, explanations, ids).
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import pandas as pd

from bench.measure import Target, Timing, figure, percentiles, timed, timing_figure
from features.pairs import pair_features_by_code
from model.bundles.serving import load_serving_bundle
from model.engine import Engine
from model.prediction import REQUEST_THREADS

WARM_UP = 5
QUANTILES = (50, 95, 99)
LATENCY_TARGETS = {50: 15.0, 99: 50.0}  # percentile: milliseconds
RATIO_TARGET = Target("<=", 3.0, on="ratio")
SCORE_TARGETS = {10_000: 1.0}  # pairs: seconds


def bare_prediction(engine: Engine, e: np.ndarray, p: np.ndarray) -> pd.DataFrame:
    """Features and prediction of the pairs (e[i], p[i]) with nothing around them."""
    X = pair_features_by_code(engine.state, e, p)
    return engine.bundle.predictor.predict(X, num_threads=REQUEST_THREADS)


def run(
    bundle: str, sample: int, k: int, score_sizes: list[int], sweeps: int, seed: int, max_runs: int
) -> dict[str, Any]:
    """Child side: latency sweeps over `sample` employees, then scoring at each size."""
    engine = Engine(load_serving_bundle(bundle))
    rng = np.random.default_rng(seed)
    all_ids = engine.state.employee_ids.to_numpy()
    ids = rng.choice(all_ids, size=min(sample, len(all_ids)), replace=False).tolist()
    for employee_id in ids[:WARM_UP]:
        engine.recommend(employee_id, k=k)
    return {
        "sweeps": [_recommendation_sweep(engine, ids, k) for _ in range(sweeps)],
        "scoring": {str(n): _score_timings(engine, rng, n, max_runs) for n in score_sizes},
        "employee_ids": ids,
        "program_ids": engine.state.program_ids[engine.upcoming].tolist(),
    }


def _recommendation_sweep(engine: Engine, ids: list[str], k: int) -> dict[str, list[float]]:
    """Milliseconds per call, recommendation and bare prediction interleaved per employee."""
    out: dict[str, list[float]] = {"recommend": [], "bare": []}
    p = engine.upcoming
    for employee_id in ids:
        e = np.full(len(p), engine.directory.employee_code(employee_id))
        start = time.perf_counter()
        engine.recommend(employee_id, k=k)
        middle = time.perf_counter()
        bare_prediction(engine, e, p)
        end = time.perf_counter()
        out["recommend"].append((middle - start) * 1000)
        out["bare"].append((end - middle) * 1000)
    return out


def _score_timings(
    engine: Engine, rng: np.random.Generator, n: int, max_runs: int
) -> dict[str, list[float]]:
    e = rng.integers(0, len(engine.state.employee_ids), size=n)
    p = rng.choice(engine.upcoming, size=n)
    emp_ids = engine.state.employee_ids.to_numpy()[e]
    prog_ids = engine.state.program_ids.to_numpy()[p]
    pairs = [{"employee_id": a, "program_id": b} for a, b in zip(emp_ids, prog_ids, strict=True)]
    timing = timed(lambda: engine.score(pairs), max_runs)
    baseline = timed(lambda: bare_prediction(engine, e, p), max_runs)
    return {"time": list(timing.runs), "baseline": list(baseline.runs)}


def records(result: dict[str, Any], employees: int, k: int) -> list[dict[str, Any]]:
    """Parent side: one recommendation record, one scoring record per batch size."""
    return [_latency_record(result, employees, k)] + [
        _score_record(int(n), timings, employees) for n, timings in result["scoring"].items()
    ]


def _latency_record(result: dict[str, Any], employees: int, k: int) -> dict[str, Any]:
    sweeps = result["sweeps"]
    figures = {}
    for q in QUANTILES:
        value = Timing(tuple(percentiles(s["recommend"])[f"p{q}"] for s in sweeps))
        base = Timing(tuple(percentiles(s["bare"])[f"p{q}"] for s in sweeps))
        targets = [Target("<", LATENCY_TARGETS[q], "ms")] if q in LATENCY_TARGETS else []
        if q == 50:
            targets.append(RATIO_TARGET)
        figures[f"p{q} latency"] = figure(
            value.as_dict(), "ms", base.as_dict(), "bare prediction, same rows", targets
        )
    parameters = {
        "employees_in_bundle": employees,
        "requests_per_sweep": len(result["employee_ids"]),
        "sweeps": len(sweeps),
        "k": k,
        "upcoming_programs": len(result["program_ids"]),
        "spread": "median, min and max of each percentile over the sweeps",
    }
    return {"name": "recommend (in-process)", "parameters": parameters, "figures": figures}


def _score_record(n: int, timings: dict[str, list[float]], employees: int) -> dict[str, Any]:
    timing, base = Timing(tuple(timings["time"])), Timing(tuple(timings["baseline"]))
    seconds = SCORE_TARGETS.get(n)
    figures = {
        "time": timing_figure(
            timing,
            base,
            "bare prediction, same pairs",
            Target("<", seconds, "s") if seconds else None,
        ),
        "pairs per second": figure(
            n / timing.median, "pairs/s", n / base.median, "bare prediction, same pairs"
        ),
    }
    parameters = {"pairs": n, "employees_in_bundle": employees, "threads": REQUEST_THREADS}
    return {"name": "engine.score (in-process)", "parameters": parameters, "figures": figures}
