"""GET /metrics: Prometheus text by route rule, never an id or a token; summed over processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_metrics_count_requests_by_route_rule_never_by_id(
    client, employee_id, engine, auth, tokens
):
    assert client.get(f"/v1/employees/{employee_id}/gaps", headers=auth()).status_code == 200
    pairs = [{"employee_id": employee_id, "program_id": str(engine.state.program_ids[0])}]
    client.post("/v1/score", json={"pairs": pairs}, headers=auth("system"))
    response = client.get("/metrics")  # open, like /healthz
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    assert 'route="/v1/employees/<employee_id>/gaps"' in text
    assert 'status="200"' in text and "tna_http_request_seconds_bucket" in text
    assert f'tna_bundle_serving{{version="{engine.version}"}} 1.0' in text
    assert 'tna_batch_size_count{kind="score"}' in text
    assert 'tna_bundle_reloads_total{outcome="loaded"}' in text
    assert employee_id not in text
    assert not any(token in text for token in tokens.values())


def test_workers_metrics_are_summed(tmp_path):
    """Under gunicorn each worker writes its own file; /metrics adds them up."""
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path), "PYTHONPATH": str(Path.cwd())}
    count = "from service import metrics; metrics.REQUESTS.labels('/r', 'GET', 200).inc()"
    for _ in range(2):  # two worker processes
        subprocess.run([sys.executable, "-c", count], env=env, check=True)
    show = "from service import metrics; print(metrics.exposition()[0].decode())"
    out = subprocess.run(
        [sys.executable, "-c", show], env=env, check=True, capture_output=True, text=True
    ).stdout
    assert 'tna_http_requests_total{method="GET",route="/r",status="200"} 2.0' in out
