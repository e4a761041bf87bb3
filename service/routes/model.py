"""The serving bundle: version, dates and its metrics with baselines; its training report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Response, current_app, g
from flask_smorest import Blueprint
from marshmallow import RAISE

from model.bundle import sha256
from service.auth import ANY_ROLE, PLANNER, protect
from service.current_engine import engine
from service.errors import ApiError
from service.fairness_policy import agency_floor
from service.request_schemas import NoQuerySchema
from service.response_schemas import ErrorSchema, ModelSchema

REPORT = "report.html"
# The report is a static page: images only as data: URIs, its own inline style, no script,
# nothing loaded from anywhere, no framing, no form.
REPORT_POLICY = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)

bp = Blueprint("model", __name__, url_prefix="/v1", description="The serving model bundle")
protect(bp, ANY_ROLE)  # HR systems (`system`) learn the version and metrics too


@bp.get("/model")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(NoQuerySchema, location="query", unknown=RAISE)
@bp.response(200, ModelSchema)
def model_info(_args: dict):
    return model_summary()


def model_summary() -> dict[str, Any]:
    """The serving bundle's version, dates, metrics with baselines (fairness audit included)
    and features, from its manifest (also the workspace's model page)."""
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
    }


def fairness_default() -> dict[str, Any] | None:
    """The agency's default fairness floor (`FAIRNESS_DEFAULT`), or None: off."""
    floor = agency_floor()
    return None if floor is None else {"attribute": floor.attribute, "min_ratio": floor.min_ratio}


@bp.get("/model/report")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(NoQuerySchema, location="query", unknown=RAISE)
@bp.response(200, content_type="text/html", description="The serving bundle's report.html")
@bp.alt_response(404, schema=ErrorSchema, description="The serving bundle has no report")
def model_report(_args: dict):
    """The training report of the bundle this worker serves (planners and admins)."""
    if g.role not in PLANNER:
        raise ApiError(403, "forbidden", f"the {g.role} role may not call this route")
    return report_response()


def report_response() -> Response:
    """The serving bundle's report.html under its own locked-down policy; 404 when the bundle
    has none or the file no longer matches its checksum (also the workspace's report page)."""
    current = engine()
    entry = current.bundle.manifest.get("files", {}).get(REPORT)
    path = Path(current_app.config["ARTIFACTS_DIR"]) / current.version / REPORT
    # checked again here: the bundle was verified when loaded, the file may have changed since
    if entry is None or not path.is_file() or sha256(path) != entry["sha256"]:
        raise ApiError(404, "not_found", f"bundle {current.version} has no intact {REPORT}",
                       {"report": [current.version]})  # fmt: skip
    headers = {"Content-Security-Policy": REPORT_POLICY, "X-Content-Type-Options": "nosniff"}
    return Response(path.read_bytes(), mimetype="text/html", headers=headers)
