"""One structured log line per request: never a path, a query string, a body or a token.

The route is logged as its rule (`/v1/employees/<employee_id>/gaps`), so employee ids, which
are personal data, never reach the logs. A client's well-formed `X-Request-Id` is kept, so one
id follows a call across systems; any other is replaced, so nothing odd reaches a log line.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid

from flask import Flask, g, request

from service import metrics

log = logging.getLogger("service.requests")

REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def request_id(given: str | None) -> str:
    """The client's id when it matches REQUEST_ID, else a new random one."""
    if given is not None and REQUEST_ID.fullmatch(given):
        return given
    return uuid.uuid4().hex[:16]


def install_request_log(app: Flask) -> None:
    @app.before_request
    def start() -> None:
        g.request_id = request_id(request.headers.get("X-Request-Id"))
        g.started = time.perf_counter()

    @app.after_request
    def finish(response):
        holder = app.extensions.get("tna_holder")
        engine = holder.engine if holder else None
        line = {
            "method": request.method,
            "route": request.url_rule.rule if request.url_rule else "<unmatched>",
            "status": response.status_code,
            "duration_ms": round(
                (time.perf_counter() - g.get("started", time.perf_counter())) * 1000, 2
            ),
            "request_id": g.get("request_id"),
            "model_version": g.get("model_version") or (engine.version if engine else None),
        }
        log.info(json.dumps(line))
        metrics.REQUESTS.labels(line["route"], request.method, response.status_code).inc()
        metrics.LATENCY.labels(line["route"], request.method).observe(line["duration_ms"] / 1000)
        response.headers["X-Request-Id"] = g.get("request_id", "")
        return response
