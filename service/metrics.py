"""Prometheus metrics for `GET /metrics`: requests and latency by route rule, the bundle each
worker serves, reloads, batch sizes and decision-store errors.

Labels are route rules (`/v1/employees/<employee_id>/gaps`), methods, statuses and outcomes:
never an employee id, a program id or a token. Under gunicorn every worker writes its samples
to `PROMETHEUS_MULTIPROC_DIR` (created by `service/gunicorn_conf.py` before the workers start)
and `/metrics` sums them over the workers (prometheus_client's multiprocess mode).
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

MULTIPROC_DIR = "PROMETHEUS_MULTIPROC_DIR"
# prometheus_client chooses where samples live when it is imported: decided the same way here
MULTIPROCESS = bool(os.environ.get(MULTIPROC_DIR))
LATENCY_BUCKETS = (0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
SIZE_BUCKETS = (1, 10, 100, 1_000, 10_000, 100_000)

REQUESTS = Counter("tna_http_requests", "Requests answered", ["route", "method", "status"])
LATENCY = Histogram(
    "tna_http_request_seconds", "Time to answer", ["route", "method"], buckets=LATENCY_BUCKETS
)
BUNDLE = Gauge(
    "tna_bundle_serving",
    "1 for the bundle version a worker serves, 0 for one it served before",
    ["version"],
    multiprocess_mode="max",
)
RELOADS = Counter("tna_bundle_reloads", "Bundle reloads by outcome (loaded, refused)", ["outcome"])
BATCH = Histogram(
    "tna_batch_size", "Rows per batch call (score pairs, selection candidates)", ["kind"],
    buckets=SIZE_BUCKETS,
)  # fmt: skip
STORE_ERRORS = Counter("tna_store_errors", "Decision-store errors answered", ["kind"])


def observe_selection(chosen: dict) -> dict:
    """Count how many employees a participant selection weighed (`tna_batch_size`, kind
    selection); `chosen` is returned as given."""
    BATCH.labels("selection").observe(chosen["summary"]["eligible"])
    return chosen


def serving(version: str, before: str | None) -> None:
    """This worker now serves `version` (and no longer `before`)."""
    if before is not None and before != version:
        BUNDLE.labels(before).set(0)
    BUNDLE.labels(version).set(1)


def exposition() -> tuple[bytes, str]:
    """The text format of every metric (summed over gunicorn's workers), and its content type."""
    if MULTIPROCESS:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
