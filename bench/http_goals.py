"""Benchmark 6b: the HTTP path against the engine in process (issue 14's three goals).

Over the same gunicorn as benchmark 6, each HTTP figure has as baseline the in-process call
it wraps, timed in a child process just before and just after the HTTP calls (pooled, so a
change of the machine's load during the run weighs on both sides):

- recommendations (k=10) with 8 keep-alive clients: requests per second against what the
  cores could do at the in-process p50 (cores / p50), target ratio >= 0.7;
- the same with 1 client: p50 latency against the in-process p50, target ratio <= 1.5;
- `POST /v1/score` with 10,000 pairs, 1 client: median time against `Engine.score` of the
  same pairs, target ratio <= 1.3.

The clients run on the same cores as gunicorn (as in benchmark 6), so the figures include
what the clients themselves cost.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from bench import load
from bench.inprocess import WARM_UP
from bench.measure import Target, Timing, figure, percentiles, timed, timing_figure
from bench.server import Server
from model.bundles.serving import load_serving_bundle
from model.engine import Engine

K = 10
SCORE_PAIRS = 10_000
CLIENTS = 8
WARM_UP_SECONDS = 2.0
THROUGHPUT = Target(">=", 0.7, on="ratio")
LATENCY = Target("<=", 1.5, on="ratio")
SCORE = Target("<=", 1.3, on="ratio")


def run(
    bundle: str, employee_ids: list[str], pairs_file: str, sweeps: int, seed: int, max_runs: int
) -> dict[str, Any]:
    """Child side: in-process recommendation latencies, `sweeps` times over `employee_ids`, and
    the time of `Engine.score` of the pairs in `pairs_file` (written first if absent, for the
    HTTP side)."""
    engine = Engine(load_serving_bundle(bundle))
    path = Path(pairs_file)
    if not path.exists():
        path.write_text(json.dumps({"pairs": random_pairs(engine, seed)}))
    pairs = json.loads(path.read_text())["pairs"]
    for employee_id in employee_ids[:WARM_UP]:
        engine.recommend(employee_id, k=K)
    latencies = [
        _ms(lambda i=i: engine.recommend(i, k=K)) for _ in range(sweeps) for i in employee_ids
    ]
    engine.score(pairs)  # warm
    score = timed(lambda: engine.score(pairs), max_runs, runs=max(3, max_runs))
    return {"recommend_ms": latencies, "score_s": list(score.runs)}


def random_pairs(engine: Engine, seed: int) -> list[dict[str, str]]:
    """SCORE_PAIRS random (employee, upcoming program) pairs, as a client sends them."""
    rng = np.random.default_rng(seed)
    e = rng.integers(0, len(engine.state.employee_ids), size=SCORE_PAIRS)
    p = rng.choice(engine.upcoming, size=SCORE_PAIRS)
    emp = engine.state.employee_ids.to_numpy()[e].tolist()
    prog = engine.state.program_ids.to_numpy()[p].tolist()
    return [{"employee_id": a, "program_id": b} for a, b in zip(emp, prog, strict=True)]


def _ms(call) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def measure(
    server: Server, seconds: float, baseline: Callable[[], dict[str, Any]],
    employee_ids: list[str], pairs_file: Path,
) -> dict[str, Any]:  # fmt: skip
    """Parent side: the in-process baseline (`baseline()` runs the child), the three HTTP
    loads, the baseline again."""
    before = baseline()
    body = pairs_file.read_bytes()
    recommend = _recommendations(employee_ids)

    def score(_rng) -> load.Call:
        return load.Call("POST", "/v1/score", body, "score")

    load.drive(server, CLIENTS, WARM_UP_SECONDS, recommend)  # every worker and thread warm
    one = load.summary(*load.drive(server, 1, seconds, recommend))
    many = load.summary(*load.drive(server, CLIENTS, seconds, recommend, seed=1))
    load.drive(server, 1, 0.1, score)
    scored, _ = load.drive(server, 1, seconds, score)
    after = baseline()
    return {
        "before": before,
        "after": after,
        "one": one,
        "many": many,
        "score_ms": [sample.ms for sample in scored],
        "score_errors": sum(not sample.ok for sample in scored),
    }


def _recommendations(employee_ids: list[str]):
    def make(rng) -> load.Call:
        path = f"/v1/employees/{rng.choice(employee_ids)}/recommendations?k={K}"
        return load.Call("GET", path, None, "recommendations")

    return make


def cores() -> int:
    return len(os.sched_getaffinity(0))


def records(found: dict[str, Any], server: Server, seconds: float, employees: int) -> list[dict]:
    """One record: the three goals as ratios to the in-process baseline."""
    inproc = found["before"]["recommend_ms"] + found["after"]["recommend_ms"]
    p50 = percentiles(inproc, (50,))["p50"]
    n = cores()
    base_score = Timing(tuple(found["before"]["score_s"] + found["after"]["score_s"]))
    http_score = Timing(tuple(ms / 1000 for ms in found["score_ms"]))
    one, many = found["one"], found["many"]
    errors = one["errors"] + many["errors"] + found["score_errors"]
    figures = {
        f"recommendations/s, {CLIENTS} clients": figure(
            many["rps"], "req/s", n / (p50 / 1000), f"{n} cores / in-process p50", THROUGHPUT
        ),
        "recommendation p50, 1 client": figure(
            one["p50"], "ms", p50, "in-process Engine.recommend p50", LATENCY
        ),
        f"/v1/score {SCORE_PAIRS:,} pairs": timing_figure(
            http_score, base_score, "in-process Engine.score, same pairs", SCORE
        ),
        "errors": figure(errors, "", target=Target("==", 0)),
    }
    parameters = {
        "workers": server.workers,
        "threads_per_worker": server.threads,
        "cores": n,
        "seconds_per_load": seconds,
        "employees_in_bundle": employees,
        "k": K,
        "in_process_p50_ms_before_after": [
            statistics.median(found[x]["recommend_ms"]) for x in ("before", "after")
        ],
        "in_process_score_s_before_after": [
            statistics.median(found[x]["score_s"]) for x in ("before", "after")
        ],
        "one_client": {key: one[key] for key in ("requests", "rps", "p50", "p99")},
        f"{CLIENTS}_clients": {key: many[key] for key in ("requests", "rps", "p50", "p99")},
        "score_requests": len(found["score_ms"]),
    }
    return [{"name": "HTTP against in-process", "parameters": parameters, "figures": figures}]
