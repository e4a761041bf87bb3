"""Benchmark 6: HTTP under gunicorn, N keep-alive clients for a fixed time.

Each client thread holds one keep-alive connection and sends a mix of planner
recommendations and 100-pair batch scores. The baseline is `GET /healthz` at the same
concurrency: the floor of HTTP, gunicorn and Flask with no work behind it. The clients run
on the same two cores as the server, as a load balancer's clients would not: the figures
are a lower bound of what the server alone could do.
"""

from __future__ import annotations

import http.client
import json
import random
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from bench.measure import Target, figure, percentiles
from bench.server import Server

SCORE_SHARE = 0.25
SCORE_PAIRS = 100
K = 10
REQUEST_TIMEOUT = 30.0
# A keep-alive connection the server closed while idle (a worker restarting after
# max_requests): reconnect and send once more, as HTTP clients do; counted as reconnects.
STALE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)
MIX = f"{1 - SCORE_SHARE:.0%} GET recommendations k={K}, {SCORE_SHARE:.0%} POST /v1/score"


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    body: bytes | None
    kind: str


@dataclass(frozen=True)
class Sample:
    kind: str
    ms: float
    ok: bool
    reconnected: bool


def mixed_calls(employee_ids: Sequence[str], program_ids: Sequence[str]) -> Callable:
    """A call maker: mostly recommendations, sometimes a batch score of random pairs."""

    def make(rng: random.Random) -> Call:
        if rng.random() >= SCORE_SHARE:
            path = f"/v1/employees/{rng.choice(employee_ids)}/recommendations?k={K}"
            return Call("GET", path, None, "recommendations")
        pairs = [
            {"employee_id": rng.choice(employee_ids), "program_id": rng.choice(program_ids)}
            for _ in range(SCORE_PAIRS)
        ]
        return Call("POST", "/v1/score", json.dumps({"pairs": pairs}).encode(), "score")

    return make


def health_call(rng: random.Random) -> Call:
    return Call("GET", "/healthz", None, "healthz")


def drive(
    server: Server, clients: int, seconds: float, make: Callable, seed: int = 0
) -> tuple[list[Sample], float]:
    """Run `clients` threads for `seconds`; every sample and the elapsed wall time."""
    deadline = time.perf_counter() + seconds
    found: list[list[Sample]] = [[] for _ in range(clients)]
    threads = [
        threading.Thread(
            target=_client,
            args=(server, deadline, make, random.Random(seed + i), found[i]),
            daemon=True,
        )
        for i in range(clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:  # each request is bounded by REQUEST_TIMEOUT, twice with a retry
        thread.join(timeout=max(0.0, deadline - time.perf_counter()) + 3 * REQUEST_TIMEOUT)
    elapsed = time.perf_counter() - started
    return [sample for samples in found for sample in samples], elapsed


def _client(
    server: Server, deadline: float, make: Callable, rng: random.Random, out: list[Sample]
) -> None:
    conn = http.client.HTTPConnection(server.host, server.port, timeout=REQUEST_TIMEOUT)
    headers = {"Authorization": f"Bearer {server.token}", "Content-Type": "application/json"}
    try:
        while time.perf_counter() < deadline:
            call = make(rng)
            start = time.perf_counter()
            status, reconnected = _exchange(conn, call, headers)
            ms = (time.perf_counter() - start) * 1000
            out.append(Sample(call.kind, ms, status == 200, reconnected))
    finally:
        conn.close()


def _exchange(
    conn: http.client.HTTPConnection, call: Call, headers: dict[str, str]
) -> tuple[int, bool]:
    """(status, reconnected); status 0 when no response came back."""
    for attempt in (0, 1):
        try:
            conn.request(call.method, call.path, body=call.body, headers=headers)
            response = conn.getresponse()
            response.read()
            return response.status, attempt == 1
        except STALE:
            conn.close()
        except (OSError, http.client.HTTPException):
            conn.close()
            return 0, attempt == 1
    return 0, True


def summary(samples: list[Sample], elapsed: float) -> dict[str, Any]:
    """Requests per second, latency percentiles (overall and per kind), errors, reconnects."""
    kinds = sorted({s.kind for s in samples})
    return {
        "requests": len(samples),
        "elapsed_s": elapsed,
        "rps": len(samples) / elapsed if elapsed > 0 else 0.0,
        **percentiles([s.ms for s in samples], (50, 99)),
        "errors": sum(not s.ok for s in samples),
        "reconnects": sum(s.reconnected for s in samples),
        "by_kind": {
            kind: {
                "requests": sum(s.kind == kind for s in samples),
                **percentiles([s.ms for s in samples if s.kind == kind], (50, 99)),
            }
            for kind in kinds
        },
    }


def record(load: dict[str, Any], floor: dict[str, Any], parameters: dict) -> dict[str, Any]:
    """The result record of one concurrency: the mixed load against /healthz."""
    base = "GET /healthz, same clients"
    figures = {
        "requests/s": figure(load["rps"], "req/s", floor["rps"], base),
        "p50 latency": figure(load["p50"], "ms", floor["p50"], base),
        "p99 latency": figure(load["p99"], "ms", floor["p99"], base),
        "errors": figure(load["errors"], "", target=Target("==", 0)),
    }
    parameters = {
        **parameters,
        "mix": MIX,
        "score_pairs": SCORE_PAIRS,
        "requests": load["requests"],
        "reconnects": load["reconnects"],
        "by_kind": load["by_kind"],
        "baseline_errors": floor["errors"],
    }
    return {"name": "HTTP (gunicorn)", "parameters": parameters, "figures": figures}
