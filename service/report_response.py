"""The serving bundle's training report as an answer, for `GET /v1/model/report` and the
workspace's report page alike (neither imports the other)."""

from __future__ import annotations

from flask import Response, current_app

from service.actions.actor import Actor
from service.actions.model_info import report_html

# The report is a static page: images only as data: URIs, its own inline style, no script,
# nothing loaded from anywhere, no framing, no form.
REPORT_POLICY = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)


def report_response(actor: Actor) -> Response:
    """report.html under its own locked-down policy; 404 when the bundle has none or the file
    no longer matches its checksum."""
    html = report_html(actor, current_app.config["ARTIFACTS_DIR"])
    headers = {"Content-Security-Policy": REPORT_POLICY, "X-Content-Type-Options": "nosniff"}
    return Response(html, mimetype="text/html", headers=headers)
